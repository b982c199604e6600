using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Orchestrator.Hocon.Parsing;

namespace Orchestrator.Hocon;

/// <summary>
/// An immutable, fully resolved HOCON configuration with typed getters. Paths are HOCON path expressions
/// (<c>orchestrator.api.shards</c>, <c>a."b.c"</c>). A getter without a default throws a
/// <see cref="ConfigException"/> naming the path when the setting is missing, null or of the wrong type;
/// the overloads with a default return it only when the setting is missing or null.
/// </summary>
public sealed class Config
{
    public Config(HoconObject root)
    {
        ArgumentNullException.ThrowIfNull(root);
        Root = root;
    }

    public static Config Empty { get; } = new(HoconObject.Empty);

    public HoconObject Root { get; }

    public bool IsEmpty => Root.Count == 0;

    public static Config ParseString(string text, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        options ??= HoconParseOptions.Default;
        var context = new ParseContext(options);
        var directory = options.BaseDirectory ?? Environment.CurrentDirectory;
        var document = HoconParser.ParseDocument(text, options.SourceName ?? "string", directory, context);
        return Resolve(document, options);
    }

    /// <summary>
    /// Parses a file; relative includes in it resolve against its directory. A missing file throws
    /// <see cref="FileNotFoundException"/>.
    /// </summary>
    public static Config ParseFile(string path, HoconParseOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        options ??= HoconParseOptions.Default;
        var file = System.IO.Path.GetFullPath(path);
        var text = File.ReadAllText(file);
        var context = new ParseContext(options);
        context.IncludeStack.Add(file);
        var document = HoconParser.ParseDocument(text, file, System.IO.Path.GetDirectoryName(file)!, context);
        return Resolve(document, options);
    }

    /// <summary>
    /// This configuration with <paramref name="fallback"/> below it: settings here win, objects present in
    /// both merge. Substitutions are already resolved on both sides; to let a document's substitutions
    /// see the fallback, parse with <see cref="HoconParseOptions.Fallback"/> instead.
    /// </summary>
    public Config WithFallback(Config fallback)
    {
        ArgumentNullException.ThrowIfNull(fallback);
        return new Config(HoconObject.Merge(Root, fallback.Root));
    }

    /// <summary>True when the path holds a value other than null (as in the Typesafe config library).</summary>
    public bool HasPath(string path) => TryGetValue(path, out var value) && !value.IsNull;

    /// <summary>The value at the path, null included; false when the path is missing.</summary>
    public bool TryGetValue(string path, [NotNullWhen(true)] out HoconValue? value)
    {
        ArgumentNullException.ThrowIfNull(path);
        HoconValue current = Root;
        foreach (var key in HoconPath.Parse(path))
        {
            if (current is not HoconObject obj || !obj.TryGetValue(key, out var child))
            {
                value = null;
                return false;
            }

            current = child;
        }

        value = current;
        return true;
    }

    public HoconValue GetValue(string path)
    {
        if (!TryGetValue(path, out var value))
        {
            throw new ConfigException($"missing configuration setting '{path}'", path);
        }

        return value;
    }

    public string GetString(string path) => AsString(Require(path), path);

    public string GetString(string path, string defaultValue) =>
        TryGetSetting(path, out var value) ? AsString(value, path) : defaultValue;

    public int GetInt(string path) => AsInt(Require(path), path);

    public int GetInt(string path, int defaultValue) => TryGetSetting(path, out var value) ? AsInt(value, path) : defaultValue;

    public long GetLong(string path) => AsLong(Require(path), path);

    public long GetLong(string path, long defaultValue) => TryGetSetting(path, out var value) ? AsLong(value, path) : defaultValue;

    public double GetDouble(string path) => AsDouble(Require(path), path);

    public double GetDouble(string path, double defaultValue) =>
        TryGetSetting(path, out var value) ? AsDouble(value, path) : defaultValue;

    /// <summary>A boolean, or one of the strings true/false, yes/no, on/off.</summary>
    public bool GetBoolean(string path) => AsBoolean(Require(path), path);

    public bool GetBoolean(string path, bool defaultValue) =>
        TryGetSetting(path, out var value) ? AsBoolean(value, path) : defaultValue;

    /// <summary>
    /// A HOCON duration (<c>10s</c>, <c>200ms</c>, <c>5 minutes</c>; a bare number is milliseconds), or
    /// <c>infinite</c> for <see cref="Timeout.InfiniteTimeSpan"/>.
    /// </summary>
    public TimeSpan GetTimeSpan(string path) => AsTimeSpan(Require(path), path);

    public TimeSpan GetTimeSpan(string path, TimeSpan defaultValue) =>
        TryGetSetting(path, out var value) ? AsTimeSpan(value, path) : defaultValue;

    /// <summary>A HOCON size in bytes (<c>3MiB</c>, <c>1.5M</c>, <c>64Ki</c>, <c>10kB</c>; a bare number is bytes).</summary>
    public long GetByteSize(string path) => AsByteSize(Require(path), path);

    public long GetByteSize(string path, long defaultValue) =>
        TryGetSetting(path, out var value) ? AsByteSize(value, path) : defaultValue;

    /// <summary>An array of scalars as strings (an object with numeric keys counts as an array, per the spec).</summary>
    public IReadOnlyList<string> GetStringList(string path) => AsStringList(Require(path), path);

    public IReadOnlyList<string> GetStringList(string path, IReadOnlyList<string> defaultValue) =>
        TryGetSetting(path, out var value) ? AsStringList(value, path) : defaultValue;

    /// <summary>The object at the path as a configuration of its own.</summary>
    public Config GetConfig(string path) => AsConfig(Require(path), path);

    public Config GetConfig(string path, Config defaultValue) =>
        TryGetSetting(path, out var value) ? AsConfig(value, path) : defaultValue;

    public override string ToString() => Root.ToString();

    private static Config Resolve(ObjectNode document, HoconParseOptions options)
    {
        var environment = options.EnvironmentVariables ?? Environment.GetEnvironmentVariable;
        return new Config(new Resolver(document, options.Fallback?.Root, environment).Resolve());
    }

    private bool TryGetSetting(string path, [NotNullWhen(true)] out HoconValue? value) =>
        TryGetValue(path, out value) && !value.IsNull;

    private HoconValue Require(string path)
    {
        var value = GetValue(path);
        if (value.IsNull)
        {
            throw new ConfigException($"configuration setting '{path}' is null{At(value)}", path);
        }

        return value;
    }

    private static string AsString(HoconValue value, string path) =>
        value is HoconScalar scalar ? scalar.Text : throw WrongType(value, path, "a string");

    private static long AsLong(HoconValue value, string path)
    {
        var text = AsScalarText(value, path, "an integer");
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result))
        {
            return result;
        }

        // 1e3 or 10.0 are whole numbers too.
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            && double.IsInteger(number) && number is >= -9.2233720368547758E+18 and < 9.2233720368547758E+18)
        {
            return (long)number;
        }

        throw WrongType(value, path, "an integer");
    }

    private static int AsInt(HoconValue value, string path)
    {
        var result = AsLong(value, path);
        return result is >= int.MinValue and <= int.MaxValue
            ? (int)result
            : throw new ConfigException($"configuration setting '{path}' = {result} is out of range for a 32-bit integer{At(value)}", path);
    }

    private static double AsDouble(HoconValue value, string path) =>
        double.TryParse(AsScalarText(value, path, "a number"), NumberStyles.Float, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw WrongType(value, path, "a number");

    private static bool AsBoolean(HoconValue value, string path) =>
        AsScalarText(value, path, "a boolean") switch
        {
            "true" or "yes" or "on" => true,
            "false" or "no" or "off" => false,
            _ => throw WrongType(value, path, "a boolean (true/false, yes/no, on/off)"),
        };

    private static TimeSpan AsTimeSpan(HoconValue value, string path)
    {
        var text = AsScalarText(value, path, "a duration");
        return DurationFormat.TryParse(text, out var result, out var error)
            ? result
            : throw new ConfigException($"configuration setting '{path}' = \"{text}\" is not a duration: {error}{At(value)}", path);
    }

    private static long AsByteSize(HoconValue value, string path)
    {
        var text = AsScalarText(value, path, "a size in bytes");
        return ByteSizeFormat.TryParse(text, out var result, out var error)
            ? result
            : throw new ConfigException($"configuration setting '{path}' = \"{text}\" is not a size in bytes: {error}{At(value)}", path);
    }

    private static List<string> AsStringList(HoconValue value, string path)
    {
        var items = value switch
        {
            HoconArray array => array.Items,
            HoconObject obj when NumericallyIndexed(obj) is { } converted => converted,
            _ => throw WrongType(value, path, "a list"),
        };
        var result = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            result.Add(items[i] is HoconScalar { IsNull: false } scalar
                ? scalar.Text
                : throw WrongType(items[i], $"{path}[{i}]", "a string"));
        }

        return result;
    }

    private static Config AsConfig(HoconValue value, string path) =>
        value is HoconObject obj ? new Config(obj) : throw WrongType(value, path, "an object");

    private static string AsScalarText(HoconValue value, string path, string expected) =>
        value is HoconScalar { Type: not HoconValueType.Null } scalar ? scalar.Text.Trim() : throw WrongType(value, path, expected);

    /// <summary>The spec's conversion of <c>{ "0" : a, "1" : b }</c> to <c>[a, b]</c>, which environment or properties overrides produce.</summary>
    private static List<HoconValue>? NumericallyIndexed(HoconObject obj)
    {
        var indexed = new List<(int Index, HoconValue Value)>();
        foreach (var (key, item) in obj.Fields)
        {
            if (int.TryParse(key, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                indexed.Add((index, item));
            }
        }

        return indexed.Count == 0 ? null : [.. indexed.OrderBy(i => i.Index).Select(i => i.Value)];
    }

    private static ConfigException WrongType(HoconValue value, string path, string expected)
    {
        var found = value switch
        {
            HoconObject => "an object",
            HoconArray => "an array",
            HoconScalar { Type: HoconValueType.Null } => "null",
            HoconScalar scalar => $"the {scalar.Type.ToString().ToLowerInvariant()} \"{scalar.Text}\"",
            _ => value.Type.ToString(),
        };
        return new ConfigException($"configuration setting '{path}' should be {expected} but is {found}{At(value)}", path);
    }

    private static string At(HoconValue value) => value.Origin is { } origin ? $" (set at {origin})" : string.Empty;
}
