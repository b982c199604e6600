namespace Orchestrator.Persistence;
