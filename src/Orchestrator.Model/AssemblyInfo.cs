namespace Orchestrator.Model;
