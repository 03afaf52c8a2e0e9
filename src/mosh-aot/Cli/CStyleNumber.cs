using System.Globalization;

namespace MoshAot.Cli;

/// <summary>
/// Number parsing with the C library's rules, so our programs accept and reject exactly what
/// upstream's <c>strtol</c>/<c>myatoi</c> do: optional leading white space and sign, decimal
/// digits, and (for <c>myatoi</c>) nothing after them.
/// </summary>
internal static class CStyleNumber
{
    /// <summary>
    /// strtol(s, &amp;end, 10): the value of the longest decimal prefix and the index where it ended.
    /// <paramref name="end"/> is 0 when no digits were found (strtol then leaves end at the start).
    /// </summary>
    public static long StrToL(string s, int start, out int end, out bool overflow)
    {
        int i = start;
        overflow = false;
        while (i < s.Length && (s[i] == ' ' || (s[i] >= '\t' && s[i] <= '\r'))) i++;
        bool negative = false;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            negative = s[i] == '-';
            i++;
        }
        int digitsStart = i;
        long value = 0;
        while (i < s.Length && s[i] >= '0' && s[i] <= '9')
        {
            if (!overflow)
            {
                long next = value * 10 + (s[i] - '0');
                if (next < value || value > long.MaxValue / 10) overflow = true;
                else value = next;
            }
            i++;
        }
        if (i == digitsStart)
        {
            end = start;
            return 0;
        }
        end = i;
        if (overflow) return negative ? long.MinValue : long.MaxValue;
        return negative ? -value : value;
    }

    /// <summary>myatoi: a whole string that strtol parses completely into an int.</summary>
    public static bool TryParseWholeInt(string s, out int value)
    {
        long v = StrToL(s, 0, out int end, out bool overflow);
        value = 0;
        if (s.Length == 0 || end != s.Length || overflow || v < int.MinValue || v > int.MaxValue) return false;
        value = (int)v;
        return true;
    }

    public static string Format(long v) => v.ToString(CultureInfo.InvariantCulture);
}
