namespace Orchestrator.Model.Validation;

/// <summary>
/// Validates an object name; <paramref name="prefix"/> is true for a generateName, which gets a random
/// suffix appended and so may end with '-'. Returns Kubernetes' messages, empty when valid.
/// </summary>
public delegate IReadOnlyList<string> NameValidator(string name, bool prefix);
