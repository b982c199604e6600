namespace Orchestrator.Hocon.Parsing;

/// <summary>A cursor over HOCON text that tracks the line and column of every character for error messages.</summary>
internal sealed class SourceReader
{
    /// <summary>Returned by <see cref="Peek"/> past the end, so a NUL in the text is not mistaken for the end.</summary>
    public const int End = -1;

    private readonly string _text;
    private int _index;
    private int _line = 1;
    private int _column = 1;

    public SourceReader(string text, string sourceName)
    {
        _text = text;
        SourceName = sourceName;
    }

    public string SourceName { get; }

    public bool AtEnd => _index >= _text.Length;

    public HoconPosition Position => new(SourceName, _line, _column);

    public int Peek(int offset = 0) => _index + offset < _text.Length ? _text[_index + offset] : End;

    public bool StartsWith(string value) =>
        _index + value.Length <= _text.Length && string.CompareOrdinal(_text, _index, value, 0, value.Length) == 0;

    public char Next()
    {
        var c = _text[_index++];
        if (c == '\n')
        {
            _line++;
            _column = 1;
        }
        else
        {
            _column++;
        }

        return c;
    }

    public void Skip(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Next();
        }
    }

    public ParseException Error(string detail) => new(detail, Position);

    public static string Describe(int c) => c switch
    {
        End => "end of input",
        '\n' => "a newline",
        _ => $"'{(char)c}'",
    };
}
