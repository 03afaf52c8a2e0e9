using System.Text;

namespace Mosh.Tests.Support;

/// <summary>
/// A file that script(1) fills with every byte a program writes to its terminal: run the
/// program through <see cref="Wrap"/> in a pane, then <see cref="Read"/> what it wrote. The file
/// is deleted on dispose.
/// </summary>
public sealed class TerminalTranscript : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"moshaot-transcript-{Environment.ProcessId}-{Guid.NewGuid():N}.raw");

    /// <summary>A shell command line that runs <paramref name="commandLine"/> under script(1), flushing as it goes.</summary>
    public string Wrap(string commandLine) => $"script -q -f -c '{commandLine}' {_path}";

    public string Read() => File.ReadAllText(_path, Encoding.UTF8);

    public void Dispose() => File.Delete(_path);
}
