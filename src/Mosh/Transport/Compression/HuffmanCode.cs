using System.Runtime.CompilerServices;

namespace Mosh.Transport.Compression;

/// <summary>
/// Length-limited Huffman codes for deflate's dynamic blocks (RFC 1951 §3.2.2 and RFC 1951 §3.2.7): code
/// lengths from symbol frequencies, then the canonical codes those lengths define.
/// </summary>
internal static class HuffmanCode
{
    /// <summary>Largest alphabet this builds codes for (deflate's literal/length alphabet).</summary>
    public const int MaxSymbols = 288;

    /// <summary>
    /// Code lengths for <paramref name="frequencies"/>, at most <paramref name="maxLength"/> bits,
    /// 0 for symbols that never occur. Built as zlib builds them (trees.c: a heap ordered by
    /// frequency then subtree depth, lengths repaired to the limit the way gen_bitlen does), so
    /// that where several codes are equally short for the data — which changes the cost of the
    /// block's header — the same one is chosen, and a block never comes out longer than zlib's
    /// for the same parse. At least two symbols get a code (zero-frequency ones are added as
    /// needed), so every code is complete, which zlib's inflater insists on.
    /// </summary>
    [SkipLocalsInit]
    public static void BuildLengths(ReadOnlySpan<int> frequencies, int maxLength, Span<byte> lengths)
    {
        int elements = frequencies.Length;
        const int NodeCount = 2 * MaxSymbols + 1;
        Span<int> weight = stackalloc int[NodeCount];
        Span<int> parent = stackalloc int[NodeCount];
        Span<int> depth = stackalloc int[NodeCount];
        Span<int> length = stackalloc int[NodeCount];
        // heap[1..heapLength] is the heap; nodes taken out of it are stacked from the top down.
        Span<int> heap = stackalloc int[NodeCount];
        int heapLength = 0;
        int heapMax = NodeCount;
        int maxCode = -1;

        for (int s = 0; s < elements; s++)
        {
            weight[s] = frequencies[s];
            depth[s] = 0;
            if (frequencies[s] != 0)
                heap[++heapLength] = maxCode = s;
        }
        while (heapLength < 2)
        {
            int filler = maxCode < 2 ? ++maxCode : 0;
            heap[++heapLength] = filler;
            weight[filler] = 1;
        }
        for (int k = heapLength / 2; k >= 1; k--)
            SiftDown(heap, heapLength, k, weight, depth);

        // Join the two lightest nodes until one tree is left.
        int node = elements;
        do
        {
            int n = heap[1];
            heap[1] = heap[heapLength--];
            SiftDown(heap, heapLength, 1, weight, depth);
            int m = heap[1];
            heap[--heapMax] = n;
            heap[--heapMax] = m;
            weight[node] = weight[n] + weight[m];
            depth[node] = Math.Max(depth[n], depth[m]) + 1;
            parent[n] = parent[m] = node;
            heap[1] = node++;
            SiftDown(heap, heapLength, 1, weight, depth);
        }
        while (heapLength >= 2);
        heap[--heapMax] = heap[1];

        // Depths from the root down, cut to the limit; count the symbols per length.
        Span<int> perLength = stackalloc int[DeflateSymbols.MaxCodeLength + 1];
        perLength.Clear();
        int overflow = 0;
        length[heap[heapMax]] = 0;
        for (int h = heapMax + 1; h < NodeCount; h++)
        {
            int n = heap[h];
            int bits = length[parent[n]] + 1;
            if (bits > maxLength)
            {
                bits = maxLength;
                overflow++;
            }
            length[n] = bits;
            if (n <= maxCode)
                perLength[bits]++;
        }
        if (overflow > 0)
        {
            // Too long codes were cut, over-subscribing the code: lengthen shorter ones until the
            // Kraft sum is 1 again, then hand the lengths out again, longest to the least frequent.
            do
            {
                int bits = maxLength - 1;
                while (perLength[bits] == 0)
                    bits--;
                perLength[bits]--;
                perLength[bits + 1] += 2;
                perLength[maxLength]--;
                overflow -= 2;
            }
            while (overflow > 0);
            int h = NodeCount;
            for (int bits = maxLength; bits != 0; bits--)
            {
                for (int k = perLength[bits]; k != 0;)
                {
                    int m = heap[--h];
                    if (m > maxCode)
                        continue;
                    length[m] = bits;
                    k--;
                }
            }
        }

        for (int s = 0; s < elements; s++)
            lengths[s] = weight[s] != 0 ? (byte)length[s] : (byte)0;
    }

    /// <summary>Restore the heap property below <paramref name="k"/>: lighter first, and among equals the shallower.</summary>
    private static void SiftDown(Span<int> heap, int heapLength, int k, ReadOnlySpan<int> weight, ReadOnlySpan<int> depth)
    {
        int v = heap[k];
        for (int j = k << 1; j <= heapLength; j <<= 1)
        {
            if (j < heapLength && Lighter(heap[j + 1], heap[j], weight, depth))
                j++;
            if (Lighter(v, heap[j], weight, depth))
                break;
            heap[k] = heap[j];
            k = j;
        }
        heap[k] = v;
    }

    private static bool Lighter(int n, int m, ReadOnlySpan<int> weight, ReadOnlySpan<int> depth) =>
        weight[n] < weight[m] || (weight[n] == weight[m] && depth[n] <= depth[m]);

    /// <summary>
    /// The canonical code of each symbol (RFC 1951 §3.2.2), bit-reversed so that it can be written
    /// least significant bit first.
    /// </summary>
    [SkipLocalsInit]
    public static void AssignCanonicalCodes(ReadOnlySpan<byte> lengths, Span<ushort> codes)
    {
        Span<int> perLength = stackalloc int[DeflateSymbols.MaxCodeLength + 1];
        perLength.Clear();
        foreach (byte length in lengths)
            perLength[length]++;
        perLength[0] = 0;
        Span<int> nextCode = stackalloc int[DeflateSymbols.MaxCodeLength + 1];
        int code = 0;
        for (int length = 1; length <= DeflateSymbols.MaxCodeLength; length++)
        {
            code = (code + perLength[length - 1]) << 1;
            nextCode[length] = code;
        }
        for (int s = 0; s < lengths.Length; s++)
        {
            int length = lengths[s];
            codes[s] = length == 0 ? (ushort)0 : Reverse(nextCode[length]++, length);
        }
    }

    private static ushort Reverse(int code, int length)
    {
        uint reversed = 0;
        for (int i = 0; i < length; i++, code >>= 1)
            reversed = (reversed << 1) | (uint)(code & 1);
        return (ushort)reversed;
    }
}
