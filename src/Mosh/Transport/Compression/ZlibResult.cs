namespace Mosh.Transport.Compression;

/// <summary>Outcome of <see cref="ZlibCodec.Compress"/> and <see cref="ZlibCodec.Decompress"/>.</summary>
public enum ZlibResult : byte
{
    Ok,
    /// <summary>Not a valid zlib stream (bad header, bad deflate data, bad Adler-32).</summary>
    Corrupt,
    /// <summary>The stream ends before its end marker.</summary>
    Truncated,
    /// <summary>It inflates to more than <see cref="ZlibCodec.MaxDecompressedLength"/> bytes.</summary>
    TooLarge,
    /// <summary>Destination too small for the compressed output.</summary>
    DestinationTooSmall,
    /// <summary>zlib could not allocate its state, or was used after disposal.</summary>
    Failed,
}
