namespace Orchestrator.Model.Resources;

/// <summary>
/// The suffix family a quantity was written in; it is kept so that the quantity prints back in the
/// same family (Kubernetes' resource.Format).
/// </summary>
public enum QuantityFormat
{
    /// <summary>Decimal SI suffixes: n u m (none) k M G T P E, e.g. <c>12M</c>.</summary>
    DecimalSI,

    /// <summary>Binary SI suffixes: Ki Mi Gi Ti Pi Ei, e.g. <c>12Mi</c>.</summary>
    BinarySI,

    /// <summary>A decimal exponent, e.g. <c>12e6</c>.</summary>
    DecimalExponent,
}
