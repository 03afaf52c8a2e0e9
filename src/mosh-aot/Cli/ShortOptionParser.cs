namespace MoshAot.Cli;

/// <summary>
/// The subset of GNU getopt(3) that mosh's C++ programs rely on: short options, clustering
/// (<c>-sv</c>), attached or separate arguments (<c>-p60001</c>, <c>-p 60001</c>), argument
/// permutation (options may follow operands) and <c>--</c>. Errors are reported with getopt's
/// own wording, because users (and scripts) see upstream's messages today.
/// </summary>
internal sealed class ShortOptionParser
{
    private readonly string _programName;
    private readonly string _spec;
    private readonly string[] _args;
    private readonly List<string> _operands = new();
    private int _index;
    private int _clusterPos;

    /// <param name="programName">the name getopt prints in its messages (its argv[0])</param>
    /// <param name="spec">getopt's option string: letters, each followed by ':' when it takes an argument</param>
    public ShortOptionParser(string programName, string spec, string[] args)
    {
        _programName = programName;
        _spec = spec;
        _args = args;
    }

    /// <summary>Non-option arguments, in order, once <see cref="Next"/> has returned false.</summary>
    public IReadOnlyList<string> Operands => _operands;

    /// <summary>
    /// The next option: true with <paramref name="option"/> set to its letter (and
    /// <paramref name="argument"/> for options that take one), or to '?' after an error whose
    /// getopt-style message is in <paramref name="error"/>; false when the arguments are exhausted.
    /// </summary>
    public bool Next(out char option, out string? argument, out string? error)
    {
        argument = null;
        error = null;
        option = '\0';
        while (_clusterPos == 0)
        {
            if (_index >= _args.Length) return false;
            string a = _args[_index];
            if (a == "--")
            {
                for (int i = _index + 1; i < _args.Length; i++) _operands.Add(_args[i]);
                _index = _args.Length;
                return false;
            }
            if (a.Length < 2 || a[0] != '-')
            {
                _operands.Add(a);
                _index++;
                continue;
            }
            _clusterPos = 1;
        }

        string current = _args[_index];
        char c = current[_clusterPos++];
        int at = c == ':' ? -1 : _spec.IndexOf(c);
        bool atEnd = _clusterPos >= current.Length;
        if (at < 0)
        {
            option = '?';
            error = $"{_programName}: invalid option -- '{c}'";
            if (atEnd) Advance();
            return true;
        }

        option = c;
        bool takesArgument = at + 1 < _spec.Length && _spec[at + 1] == ':';
        if (!takesArgument)
        {
            if (atEnd) Advance();
            return true;
        }

        if (!atEnd)
        {
            argument = current[_clusterPos..];
            Advance();
            return true;
        }

        Advance();
        if (_index < _args.Length)
        {
            argument = _args[_index++];
            return true;
        }
        option = '?';
        error = $"{_programName}: option requires an argument -- '{c}'";
        return true;
    }

    private void Advance()
    {
        _index++;
        _clusterPos = 0;
    }
}
