using Mosh.Tests.Support;

namespace Mosh.Tests.Packaging;

/// <summary>
/// The bash completion for mosh (packaging/bash-completion/mosh), driven as bash's completion
/// machinery drives it: COMP_WORDS and COMP_CWORD set, the function called, COMPREPLY read.
/// </summary>
[Trait("Category", "Packaging")]
public class BashCompletionTests
{
    private const string BashCompletion = "/usr/share/bash-completion/bash_completion";

    // Splits the line as bash does for completion (with '=' a word break, as in COMP_WORDBREAKS).
    private const string Harness = """
        source /usr/share/bash-completion/bash_completion
        source "$1"
        COMP_LINE=$2
        COMP_POINT=${#COMP_LINE}
        read -ra COMP_WORDS <<<"${COMP_LINE//=/ = }"
        [[ $COMP_LINE == *[\ =] ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        _mosh mosh "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}" 2>/dev/null
        printf '%s\n' "${COMPREPLY[@]}"
        """;

    private static string[] Complete(string line)
    {
        PackagingArtifacts.NeedProgram("bash", "bash");
        bool present = File.Exists(BashCompletion);
        string why = $"{BashCompletion} is missing: scripts/install-deps.sh installs bash-completion";
        if (PackagingArtifacts.Required) Assert.True(present, why);
        else Skip.IfNot(present, why);
        string file = Path.Combine(MoshPrograms.RepositoryRoot, "packaging", "bash-completion", "mosh");
        var (exit, stdout, stderr) = MoshPrograms.Run("bash", ["-c", Harness, "complete", file, line], TimeSpan.FromSeconds(30));
        Assert.True(exit == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [SkippableFact]
    public void CompletesLongOptions()
    {
        string[] replies = Complete("mosh --pre");
        Assert.Equal(["--predict-overwrite", "--predict="], replies.Order(StringComparer.Ordinal).ToArray());
    }

    [SkippableTheory]
    [InlineData("mosh --predict=a", "adaptive always")]
    [InlineData("mosh --family=inet", "inet inet6")]
    [InlineData("mosh --bind-server=", "any ssh")]
    [InlineData("mosh --experimental-remote-ip=", "local proxy remote")]
    public void CompletesOptionValues(string line, string expected)
    {
        Assert.Equal(expected, string.Join(' ', Complete(line).Order(StringComparer.Ordinal)));
    }

    [SkippableFact]
    public void CompletesTheRemoteCommandAfterTheHost()
    {
        Assert.Contains("true", Complete("mosh -p 60001 somehost tru"));
        Assert.DoesNotContain("--predict=", Complete("mosh somehost --pre"));
    }
}
