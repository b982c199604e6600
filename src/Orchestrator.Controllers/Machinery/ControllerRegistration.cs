using Akka.Actor;

namespace Orchestrator.Controllers.Machinery;

/// <summary>One controller loop the <see cref="ControllerManager"/> runs while it leads: its name (the child actor's) and how to make it.</summary>
public sealed record ControllerRegistration(string Name, Func<ControllerContext, Props> Props);
