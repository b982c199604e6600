using Orchestrator.Actors.Dispatch;
using Xunit;

namespace Orchestrator.Actors.Tests;

public sealed class SystemMessageTests
{
    [Fact]
    public void Equality_ignores_the_queue_a_message_is_linked_into()
    {
        // Two equal messages heading long queues: comparing the links would recurse through both queues
        // (a stack overflow when a mailbox's lock-free push compared them under contention).
        var a = Chain(200_000);
        var b = Chain(200_000);
        Assert.True(a.Equals(b));
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual<SystemMessage>(new Terminate(), new Resume());
    }

    private static SystemMessage Chain(int length)
    {
        SystemMessage? head = null;
        for (var i = 0; i < length; i++)
        {
            head = new Terminate { Next = head };
        }

        return head!;
    }
}
