using System.Text;
using LifecycleFunctions.Domain.Capture;

namespace LifecycleFunctions.Domain.Tests;

public sealed class Utf8BodyTests
{
    private static byte[] Bytes(string latin1) => Encoding.Latin1.GetBytes(latin1);

    [Fact]
    public void Inspect_WithValidUtf8_KeepsTheBodyAndFindsNothing()
    {
        var body = Encoding.UTF8.GetBytes("""{"name":"Zoë 😀"}""");

        var utf8 = Utf8Body.Inspect(body);

        Assert.True(utf8.IsValid);
        Assert.Same(body, utf8.Masked);
    }

    [Theory]
    [InlineData("{\"properties\":{\"name\":\"a\xff\"}}", "properties.name")]
    [InlineData("{\"properties\":{\"na\xc3me\":1}}", "properties")]
    [InlineData("{\"n\xe9\":1}", "$")]
    [InlineData("{\"list\":[1,\"x\",\"\xed\xa0\x80\"]}", "list[2]")]
    public void ErrorAt_WithAByteThatIsNotUtf8_NamesTheFieldHoldingIt(string latin1, string field)
    {
        var body = Bytes(latin1);
        var utf8 = Utf8Body.Inspect(body);

        var error = utf8.ErrorAt(utf8.InvalidOffsets[0], 0, body.Length, "The body");

        Assert.Equal((field, "utf-8"), (error.Field, error.Rule));
        Assert.Equal(body.Length, utf8.Masked.Length);
        Assert.True(System.Text.Unicode.Utf8.IsValid(utf8.Masked));
    }

    [Fact]
    public void ArrayItems_OfAMaskedBatch_LocateEachItemAndItsBadByte()
    {
        var body = Bytes("{\"sentAt\":\"x\",\"batch\":[{\"a\":1}, {\"b\":\"\xff\"} ,{\"c\":[2]}]}");
        var utf8 = Utf8Body.Inspect(body);

        var items = JsonArrayItems.Find(utf8.Masked, "batch");

        Assert.NotNull(items);
        Assert.Equal(["{\"a\":1}", "{\"b\":\"?\"}", "{\"c\":[2]}"], items.Select(i => Encoding.UTF8.GetString(utf8.Masked, i.Start, i.Length)));
        Assert.Equal([-1, items[1].Start + 6, -1], items.Select(i => utf8.FirstInvalidIn(i.Start, i.Length)));
        Assert.Equal(Bytes("{\"b\":\"\xff\"}"), utf8.Original(items[1].Start, items[1].Length));
    }

    [Theory]
    [InlineData("{\"a\":\"\xff\",\"batch\":[{\"b\":1}]}", true)]
    [InlineData("{\"batch\":[{\"b\":\"\xff\"}],\"c\":\"\xfe\"}", true)]
    [InlineData("{\"batch\":[{\"b\":\"\xff\"},{\"c\":\"\xfe\xfe\"}]}", false)]
    public void FirstInvalidOutside_OfTheBatchItems_FindsABadByteOutsideEveryItem(string latin1, bool outside)
    {
        var utf8 = Utf8Body.Inspect(Bytes(latin1));
        var items = JsonArrayItems.Find(utf8.Masked, "batch")!;

        var found = utf8.FirstInvalidOutside(items);

        Assert.Equal(outside, found >= 0);
    }
}
