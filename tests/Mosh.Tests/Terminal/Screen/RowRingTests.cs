using Mosh.Terminal.Screen;

namespace Mosh.Tests.Terminal.Screen;

/// <summary>The ring of rows behind a framebuffer: checked against a plain list doing the same moves.</summary>
public class RowRingTests
{
    [Fact]
    public void TurningTheWholeScreenKeepsDisplayOrderThroughManyWraps()
    {
        var (ring, model) = Filled(5);
        for (int i = 0; i < 23; i++)
        {
            ring.RotateUp(0, 4, 1);
            RotateLeft(model, 0, 4, 1);
            AssertSame(model, ring);
        }
        for (int i = 0; i < 17; i++)
        {
            ring.RotateDown(0, 4, 2);
            RotateLeft(model, 0, 4, 5 - 2);
            AssertSame(model, ring);
        }
    }

    [Fact]
    public void PartialRegionsMoveOnlyTheirRowsWhereverTheOriginIs()
    {
        var (ring, model) = Filled(6);
        ring.RotateUp(0, 5, 4); // the origin is now in the middle of the slots
        RotateLeft(model, 0, 5, 4);
        ring.RotateUp(1, 4, 1);
        RotateLeft(model, 1, 4, 1);
        AssertSame(model, ring);
        ring.RotateDown(2, 5, 3);
        RotateLeft(model, 2, 5, 4 - 3);
        AssertSame(model, ring);
        ring.RotateUp(3, 3, 1);
        AssertSame(model, ring);
    }

    [Fact]
    public void SetReplacesOneRowAndItsMirror()
    {
        var (ring, model) = Filled(4);
        ring.RotateUp(0, 3, 3);
        RotateLeft(model, 0, 3, 3);
        var row = new Row(1);
        ring.Set(2, row);
        model[2] = row;
        AssertSame(model, ring);
        // The mirror slot is what the rows show after the origin turns past the end.
        ring.RotateUp(0, 3, 2);
        RotateLeft(model, 0, 3, 2);
        AssertSame(model, ring);
    }

    [Theory]
    [InlineData(5, 8)]
    [InlineData(5, 2)]
    [InlineData(5, 5)]
    public void ResizeKeepsTheTopRowsInDisplayOrder(int from, int to)
    {
        var (ring, model) = Filled(from);
        ring.RotateUp(0, from - 1, 3);
        RotateLeft(model, 0, from - 1, 3);
        ring.Resize(to);
        Assert.Equal(to, ring.Height);
        for (int y = 0; y < Math.Min(from, to); y++)
        {
            Assert.Same(model[y], ring[y]);
        }
        for (int y = from; y < to; y++)
        {
            Assert.Null(ring.Rows[y]);
            var row = new Row(1);
            ring.Set(y, row);
            Assert.Same(row, ring[y]);
        }
        // And it keeps turning correctly at the new height.
        model = [.. ring.Rows];
        ring.RotateUp(0, to - 1, 1);
        RotateLeft(model, 0, to - 1, 1);
        AssertSame(model, ring);
    }

    [Fact]
    public void RandomMovesMatchAPlainList()
    {
        var random = new Random(9);
        for (int run = 0; run < 50; run++)
        {
            int height = random.Next(1, 12);
            var (ring, model) = Filled(height);
            for (int step = 0; step < 200; step++)
            {
                int top = random.Next(height);
                int bottom = random.Next(top, height);
                int span = bottom - top + 1;
                int count = random.Next(1, span + 1);
                switch (random.Next(4))
                {
                    case 0:
                        ring.RotateUp(top, bottom, count);
                        RotateLeft(model, top, bottom, count);
                        break;
                    case 1:
                        ring.RotateDown(top, bottom, count);
                        RotateLeft(model, top, bottom, (span - count) % span);
                        break;
                    case 2:
                        var row = new Row(1);
                        int y = random.Next(height);
                        ring.Set(y, row);
                        model[y] = row;
                        break;
                    default:
                        ring.RotateUp(0, height - 1, count % height + 1);
                        RotateLeft(model, 0, height - 1, count % height + 1);
                        break;
                }
                AssertSame(model, ring);
            }
        }
    }

    private static (RowRing Ring, List<Row> Model) Filled(int height)
    {
        var ring = new RowRing(height);
        var model = new List<Row>();
        for (int y = 0; y < height; y++)
        {
            var row = new Row(1);
            ring.Set(y, row);
            model.Add(row);
        }
        return (ring, model);
    }

    private static void RotateLeft(List<Row> model, int top, int bottom, int count)
    {
        List<Row> region = model.GetRange(top, bottom - top + 1);
        for (int i = 0; i < region.Count; i++)
        {
            model[top + i] = region[(i + count) % region.Count];
        }
    }

    private static void AssertSame(List<Row> model, RowRing ring)
    {
        ReadOnlySpan<Row> rows = ring.Rows;
        Assert.Equal(model.Count, rows.Length);
        for (int y = 0; y < model.Count; y++)
        {
            Assert.Same(model[y], rows[y]);
            Assert.Same(model[y], ring[y]);
        }
    }
}
