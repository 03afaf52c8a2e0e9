namespace Mosh.StateSync;

/// <summary>What the server does with new user events (protocol §5.1); a struct for direct calls.</summary>
public interface IUserEventHandler
{
    /// <summary>
    /// Apply a window size (pty ioctl and emulator resize). Already filtered: the last of a run of
    /// consecutive resizes, width and height ≥ 1.
    /// </summary>
    void Resize(int width, int height);

    /// <summary>
    /// One input byte: translate it and queue the result for the pty, so that a resize in the
    /// batch takes effect before earlier keystrokes are read. Returns false, without taking the
    /// byte, when the queue is full (the program is not reading): the byte and everything after
    /// it wait in the user stream and are offered again later.
    /// </summary>
    bool Key(byte value);
}
