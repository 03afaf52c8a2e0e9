namespace MoshAot;

/// <summary>Help and version texts, kept in one place so --help stays true.</summary>
internal static class Usage
{
    /// <summary>The upstream release whose protocol and behaviour we reproduce.</summary>
    public const string CompatibleMoshVersion = "1.4.0";

    public static string Version(string program) =>
        $"{program} (mosh-aot {CompatibleMoshVersion}) [build mosh-aot {CompatibleMoshVersion}]\n" +
        "Compatible with mosh 1.4.0 (protocol version 2).\n" +
        "License MIT: <https://opensource.org/licenses/MIT>.\n" +
        "This is free software: you are free to change and redistribute it.\n" +
        "There is NO WARRANTY, to the extent permitted by law.\n";

    public const string MoshAot =
        "Usage: mosh-aot COMMAND [ARGS...]\n" +
        "\n" +
        "One binary for the whole mobile shell. Called as mosh, mosh-server or mosh-client\n" +
        "(symlinks), it acts as that program; otherwise the first argument picks the role:\n" +
        "\n" +
        "  mosh [options] [user@]host [--] [command...]   start a session (the launcher)\n" +
        "  server new [options] [-- command...]          the mosh-server program\n" +
        "  server list | server attach [ID]              your running sessions here; a fresh key\n" +
        "                                                for one (prints MOSH CONNECT, as new)\n" +
        "  client [-# ARGS] IP PORT                      the mosh-client program (key in MOSH_KEY)\n" +
        "  probe HOST -- SERVER-COMMAND...               start a mosh server of its own (e.g.\n" +
        "                                                ssh HOST mosh-server new), send it one\n" +
        "                                                instruction over UDP, report the reply,\n" +
        "                                                shut it down (never uses MOSH_KEY)\n" +
        "  replay --cols C --rows R                      run terminal output (stdin) through the\n" +
        "                                                emulator; print the bytes that draw its\n" +
        "                                                final frame on a blank terminal\n" +
        "  selftest-crypto                               check this CPU's AES paths (AES-NI, ARM,\n" +
        "                                                portable) against RFC 7253 and each other;\n" +
        "                                                name the one sessions use\n" +
        "  --version                                     version and licence\n" +
        "  --help                                        this text\n";
}
