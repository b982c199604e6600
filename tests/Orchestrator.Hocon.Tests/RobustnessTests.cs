using Orchestrator.Hocon;
using Xunit;

namespace Orchestrator.Hocon.Tests;

public class RobustnessTests
{
    private const string Alphabet = "{}[]:=,+#/\"$?.\n ab1-e\\u'";
    private static readonly HoconParseOptions NoEnvironment = new() { EnvironmentVariables = _ => null };

    [Fact]
    public void Mutated_reference_file_either_parses_or_raises_a_parse_exception()
    {
        using var stream = typeof(ReferenceConfig).Assembly.GetManifestResourceStream(ReferenceConfig.ResourceName)!;
        var reference = new StreamReader(stream).ReadToEnd();
        var random = new Random(12345);
        var failures = 0;

        for (var i = 0; i < 2000; i++)
        {
            var chars = reference.ToList();
            for (var k = random.Next(1, 6); k > 0; k--)
            {
                var at = random.Next(chars.Count);
                var c = Alphabet[random.Next(Alphabet.Length)];
                switch (random.Next(3))
                {
                    case 0:
                        chars.RemoveAt(at);
                        break;
                    case 1:
                        chars.Insert(at, c);
                        break;
                    default:
                        chars[at] = c;
                        break;
                }
            }

            failures += ParseOrCountParseError(new string([.. chars]));
        }

        // Most single-character edits of a config break it; the point is that none escapes as another exception.
        Assert.InRange(failures, 1, 2000);
    }

    [Fact]
    public void Random_substitution_graphs_either_resolve_or_raise_a_parse_exception()
    {
        var random = new Random(54321);
        string[] paths = ["a", "b", "c", "a.b", "a.c", "b.x"];
        string Value(int depth) => random.Next(depth > 2 ? 4 : 8) switch
        {
            0 => random.Next(100).ToString(System.Globalization.CultureInfo.InvariantCulture),
            1 => "${" + paths[random.Next(paths.Length)] + "}",
            2 => "${?" + paths[random.Next(paths.Length)] + "}",
            3 => "text",
            4 => "[" + string.Join(", ", Enumerable.Range(0, random.Next(3)).Select(_ => Value(depth + 1))) + "]",
            5 => "{ " + string.Join(", ", Enumerable.Range(0, random.Next(3)).Select(_ => Field(depth + 1))) + " }",
            6 => Value(depth + 1) + " " + Value(depth + 1),
            _ => "${" + paths[random.Next(paths.Length)] + "} [1]",
        };
        string Field(int depth) => paths[random.Next(paths.Length)] + (random.Next(5) == 0 ? " += " : " = ") + Value(depth);
        var failures = 0;

        for (var i = 0; i < 2000; i++)
        {
            failures += ParseOrCountParseError(string.Join('\n', Enumerable.Range(0, random.Next(1, 8)).Select(_ => Field(0))));
        }

        Assert.InRange(failures, 1, 1999);
    }

    private static int ParseOrCountParseError(string text)
    {
        try
        {
            Config.ParseString(text, NoEnvironment);
            return 0;
        }
        catch (ParseException)
        {
            return 1;
        }
    }
}
