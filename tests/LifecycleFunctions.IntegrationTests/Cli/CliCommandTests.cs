using System.Text.Json;
using LifecycleFunctions.App.Cli;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Tests.Shared;

namespace LifecycleFunctions.IntegrationTests.Cli;

/// <summary>`lifecycle recompute` and `lifecycle export` as a user types them, against a real Azurite.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class CliCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task RecomputeThenExport_WithAsOfAndStage_WritesThatStagesWorkbook()
    {
        var userId = SegmentClient.NewId("cli");
        await using (var app = await TestApp.StartAsync(azurite.ConnectionString))
        {
            var queue = app.Storage.Queue(StorageNames.PurchaseEventsQueue);
            foreach (var day in new[] { "2026-10-01", "2026-10-20" })
            {
                await queue.SendMessageAsync(JsonSerializer.Serialize(new { type = "order_completed", orderId = $"{userId}-{day}", userId, amount = 20, timestamp = day + "T12:00:00Z" }));
            }

            await StoredEvents.WaitForAsync(app.Storage, StoredEvents.ByPerson("u:" + userId), expected: 2);
        }

        var storage = $"--Storage:ConnectionString={azurite.ConnectionString}";
        var file = Path.Combine(Path.GetTempPath(), $"cli-{Guid.NewGuid():N}.xlsx");
        try
        {
            Assert.Equal(0, await Program.Main(["recompute", "--as-of", "2026-10-31", storage, "--Recompute:WatermarkLagSeconds=0"]));
            Assert.Equal(0, await Program.Main(["export", "--stage", "Retention", "--out", file, storage]));

            using var workbook = WorkbookAssert.Open(new MemoryStream(await File.ReadAllBytesAsync(file)));
            Assert.Contains(workbook.Worksheets, w => w.Name == "Overview");
            var members = workbook.Worksheet("Retention").Tables.Single().DataRange.Rows().Select(r => r.Cell(1).GetString()).ToList();
            Assert.Contains("u:" + userId, members);
            Assert.DoesNotContain(workbook.Worksheets, w => w.Name == "Lapsed");
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("recompute", "--as-of", "31/10/2026")]
    [InlineData("recompute", "--as-of", "2999-01-01")]
    [InlineData("export", "--stagee", "lapsed")]
    [InlineData("replay-failed", "--dryrun", "true")]
    [InlineData("export", "--as-of", "yesterday")]
    [InlineData("export", "--stage", "Champions")]
    public async Task Command_WithBadOption_ExitsWithTwoBeforeTouchingStorage(string command, string option, string value)
    {
        Assert.Equal(2, await Program.Main([command, option, value, "--Storage:ConnectionString=DefaultEndpointsProtocol=http;AccountName=nowhere;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:9/nowhere"]));
    }

    [Theory]
    [InlineData("recompute", "--Lifecycle:ChannelAliases:0=google-ads")]
    [InlineData("export", "--Lifecycle:ChannelAliases:0=adwords=google-ads", "--Lifecycle:ChannelAliases:1=google-ads=google")]
    [InlineData("serve", "--Lifecycle:ChannelAliases:0==google")]
    public async Task Command_WithAWrongChannelAlias_ExitsWithTwoNamingTheSetting(string command, params string[] settings)
    {
        var (exit, output) = await CapturedCommand.RunAsync([command, .. settings, "--Storage:ConnectionString=DefaultEndpointsProtocol=http;AccountName=nowhere;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:9/nowhere"]);

        Assert.Equal(2, exit);
        Assert.Contains("Lifecycle:ChannelAliases:", output.ReplaceLineEndings(" "));
    }

    [Theory]
    [InlineData("--stagee", true)]
    [InlineData("--bogus=1", true)]
    [InlineData("--Storage:ConnectionString=UseDevelopmentStorage=true", false)]
    [InlineData("--Lifecycle__LapseWindowDays", false)]
    [InlineData("--AzureWebJobs.RecomputeLifecycle.Disabled=true", false)]
    [InlineData("--AzureWebJobsStorage=UseDevelopmentStorage=true", false)]
    [InlineData("lapsed", false)]
    public void Find_WithToken_RefusesOnlyWhatNamesNoSetting(string token, bool unknown)
    {
        Assert.Equal(unknown ? token : null, UnknownOptions.Find([token]));
    }

    [Fact]
    public async Task Demo_WithCdnowFileMissing_ExitsWithTwoInsteadOfRunningOnNobody()
    {
        Assert.Equal(2, await Program.Main(["demo", "--cdnow", "--people", "0", "--cdnow-path", "/nowhere/CDNOW_master.txt", "--Storage:ConnectionString=DefaultEndpointsProtocol=http;AccountName=nowhere;AccountKey=AAAA;TableEndpoint=http://127.0.0.1:9/nowhere"]));
    }
}
