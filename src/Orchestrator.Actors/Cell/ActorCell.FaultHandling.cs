using Microsoft.Extensions.Logging;
using Orchestrator.Actors.Dispatch;
using Orchestrator.Actors.Supervision;

namespace Orchestrator.Actors.Cell;

internal sealed partial class ActorCell
{
    private bool _terminating;
    private int _terminatingFlag;
    private Exception? _pendingRecreate;
    private SupervisorStrategy? _supervisorStrategy;

    /// <summary>
    /// The actor failed: it stops taking user messages and its parent's supervisor strategy decides
    /// (resume, restart, stop or escalate).
    /// </summary>
    internal void HandleInvokeFailure(Exception cause)
    {
        if (_terminating)
        {
            Log.LogError(cause, "{Path} failed while stopping", Self.Path);
            return;
        }

        _suspendCount++;
        ParentRef.SendSystemMessage(new Failed(Self, cause, Self.Path.Uid));
    }

    private void HandleFailed(Failed failed)
    {
        if (!TryGetChildStats(failed.Child, out var stats))
        {
            return; // a child that is already gone
        }

        var strategy = Props.SupervisorStrategy ?? (_supervisorStrategy ??= _actor?.InvokeSupervisorStrategy() ?? SupervisorStrategy.DefaultStrategy);
        strategy.HandleFailure(this, stats, failed.Cause);
    }

    internal void ResumeChild(IInternalActorRef child) => child.SendSystemMessage(new Resume());

    internal void RestartChild(IInternalActorRef child, Exception cause) => child.SendSystemMessage(new Recreate(cause));

    internal static void StopChild(IInternalActorRef child) => child.SendSystemMessage(new Terminate());

    /// <summary>Escalate: this actor fails with its child's failure, so its own parent decides.</summary>
    internal void Escalate(Exception cause) => HandleInvokeFailure(cause);

    private void HandleResume()
    {
        if (_suspendCount > 0)
        {
            _suspendCount--;
        }
    }

    private void HandleRecreate(Exception cause)
    {
        if (_terminating)
        {
            return;
        }

        var failed = _actor;
        var failedMessage = _current.Message;
        CancelTimersAndReceiveTimeout();
        Incarnation++;
        _awaiting = false;
        if (failed is not null)
        {
            (failed as IWithStash)?.Stash.UnstashAll();
            try
            {
                failed.InvokePreRestart(cause, failedMessage);
            }
            catch (Exception e)
            {
                Log.LogError(e, "{Path} failed in PreRestart", Self.Path);
            }
        }

        if (HasChildren)
        {
            _pendingRecreate = cause; // finish once the children stopped by PreRestart are gone
            return;
        }

        FinishRecreate(cause);
    }

    private void FinishRecreate(Exception cause)
    {
        _suspendCount = 0;
        _supervisorStrategy = null;
        try
        {
            CreateActor();
            _actor!.InvokePostRestart(cause);
        }
        catch (Exception e)
        {
            HandleInvokeFailure(new ActorInitializationException($"{Self.Path}: exception during restart: {e.Message}", e));
        }
    }

    private void HandleTerminate()
    {
        if (_terminating)
        {
            return;
        }

        _terminating = true;
        Volatile.Write(ref _terminatingFlag, 1);
        Interlocked.MemoryBarrier();
        CancelTimersAndReceiveTimeout();
        if (HasChildren)
        {
            StopChildren(); // PostStop runs once the last ChildTerminated arrives
            return;
        }

        FinishTerminate();
    }

    private void FinishTerminate()
    {
        if (_actor is not null)
        {
            try
            {
                _actor.InvokePostStop();
            }
            catch (Exception e)
            {
                Log.LogError(e, "{Path} failed in PostStop", Self.Path);
            }

            if (_actor is IWithStash withStash)
            {
                foreach (var envelope in withStash.Stash.ClearStash())
                {
                    System.PublishDeadLetter(envelope, Self);
                }
            }
        }

        if (_front is not null)
        {
            while (_front.TryDequeue(out var envelope))
            {
                System.PublishDeadLetter(envelope, Self);
            }
        }

        _actor = null;
        _behavior = null;
        Mailbox.Close();
        TellWatchersWeDied();
        ParentRef.SendSystemMessage(new ChildTerminated(Self));
    }
}
