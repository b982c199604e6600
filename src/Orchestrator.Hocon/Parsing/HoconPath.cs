namespace Orchestrator.Hocon.Parsing;

/// <summary>Path expressions (<c>a.b."c.d"</c>) as the Config API accepts and prints them.</summary>
internal static class HoconPath
{
    public static IReadOnlyList<string> Parse(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (IsSimple(path))
        {
            return path.Split('.');
        }

        return HoconParser.ParsePathExpression(path);
    }

    public static string Render(IReadOnlyList<string> path) =>
        string.Join('.', path.Select(e => IsSimpleElement(e) ? e : HoconRenderer.Quote(e)));

    public static IReadOnlyList<string> Concat(IReadOnlyList<string> first, IReadOnlyList<string> second) =>
        [.. first, .. second];

    // The common case (letters, digits, '-', '_' separated by single dots) needs no parser.
    private static bool IsSimple(string path) =>
        path.Length > 0 && path.Split('.').All(IsSimpleElement);

    private static bool IsSimpleElement(string element) =>
        element.Length > 0 && element.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
