using Mosh.Terminal.Screen;

namespace Mosh.Terminal.Emulation;

/// <summary>The emulator's operating system commands: titles, the clipboard and hyperlinks (§8.8).</summary>
public readonly partial struct Emulator
{
    public void OscDispatch(ReadOnlySpan<byte> payload)
    {
        Framebuffer fb = _fb;
        fb.LastGraphic = 0;
        if (payload.StartsWith("52;"u8))
        {
            SetClipboard(fb, payload[3..]);
            return;
        }
        if (payload.StartsWith("8;"u8))
        {
            SetHyperlink(fb, payload);
            return;
        }
        if (payload.IsEmpty)
        {
            return;
        }
        int command;
        int offset;
        if (payload[0] == (byte)';')
        {
            command = 0;
            offset = 1;
        }
        else if (payload.Length >= 2 && payload[1] == (byte)';')
        {
            command = payload[0] - '0';
            offset = 2;
        }
        else
        {
            return;
        }
        bool setIcon = command is 0 or 1;
        bool setTitle = command is 0 or 2;
        if (!setIcon && !setTitle)
        {
            return;
        }
        // At most 256 code points of the OSC text, counting the "N;" prefix.
        ReadOnlySpan<byte> text = payload[..CodePointPrefixLength(payload, 256)][offset..];
        fb.TitleInitialized = true;
        if (setIcon)
        {
            fb.SetIconName(text);
        }
        if (setTitle)
        {
            fb.SetWindowTitle(text);
        }
    }

    /// <summary>
    /// OSC 52: upstream 1.4.0 accepts only selection "c"; we keep any selection made of
    /// <c>c p q s 0-7</c> and the data verbatim, so the renderer can re-emit what was given.
    /// Only a well-formed set request is kept, so only such a one ever reaches the user's
    /// terminal: a read request (<c>?</c>) would have a terminal that allows clipboard reads type
    /// the clipboard back into the session, and data that is not base64 is no set request.
    /// </summary>
    private static void SetClipboard(Framebuffer fb, ReadOnlySpan<byte> rest)
    {
        int semicolon = rest.IndexOf((byte)';');
        if (semicolon <= 0)
        {
            return;
        }
        ReadOnlySpan<byte> selection = rest[..semicolon];
        ReadOnlySpan<byte> data = rest[(semicolon + 1)..];
        if (selection.IndexOfAnyExcept("cpqs01234567"u8) >= 0 || !IsBase64(data))
        {
            return;
        }
        fb.SetClipboard(selection, data);
    }

    /// <summary>
    /// Standard base64 (RFC 4648 §4) as terminals decode it: the alphabet, then at most two
    /// <c>=</c>, with the padding optional; empty (which clears the selection) included.
    /// </summary>
    internal static bool IsBase64(ReadOnlySpan<byte> data)
    {
        int padding = data.Length - data.TrimEnd((byte)'=').Length;
        ReadOnlySpan<byte> body = data[..^padding];
        if (padding > 2 || body.IndexOfAnyExcept(Base64Alphabet) >= 0)
        {
            return false;
        }
        // One character left over carries no whole byte; with padding the length is a multiple of 4.
        return padding == 0 ? body.Length % 4 != 1 : data.Length % 4 == 0;
    }

    private static readonly System.Buffers.SearchValues<byte> Base64Alphabet =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"u8);

    /// <summary>
    /// OSC 8 ; params ; URI (not in 1.4.0), read as upstream's development branch reads it: the
    /// whole string must be printable ASCII (0x20–0x7E) or it is ignored; the parameters are
    /// kept verbatim (<c>id=…</c> included); an empty URI ends the link. Ours adds limits: a URI
    /// longer than <see cref="Hyperlink.MaxUriLength"/> or parameters longer than
    /// <see cref="Hyperlink.MaxParametersLength"/> end the link instead of starting one.
    /// </summary>
    private static void SetHyperlink(Framebuffer fb, ReadOnlySpan<byte> payload)
    {
        if (payload.IndexOfAnyExceptInRange((byte)0x20, (byte)0x7E) >= 0)
        {
            return;
        }
        ReadOnlySpan<byte> rest = payload[2..];
        int semicolon = rest.IndexOf((byte)';');
        if (semicolon < 0)
        {
            return;
        }
        ReadOnlySpan<byte> parameters = rest[..semicolon];
        ReadOnlySpan<byte> uri = rest[(semicolon + 1)..];
        if (uri.Length > Hyperlink.MaxUriLength || parameters.Length > Hyperlink.MaxParametersLength)
        {
            fb.CurrentHyperlink = 0;
            return;
        }
        fb.SetCurrentHyperlink(parameters, uri);
    }

    private static int CodePointPrefixLength(ReadOnlySpan<byte> utf8, int maxCodePoints)
    {
        int count = 0;
        for (int i = 0; i < utf8.Length; i++)
        {
            if ((utf8[i] & 0xC0) != 0x80 && ++count > maxCodePoints)
            {
                return i;
            }
        }
        return utf8.Length;
    }
}
