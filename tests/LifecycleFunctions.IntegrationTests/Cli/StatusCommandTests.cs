using System.Text.Json;
using LifecycleFunctions.App.Cli;
using LifecycleFunctions.Domain.Operations;
using LifecycleFunctions.IntegrationTests.Infrastructure;

namespace LifecycleFunctions.IntegrationTests.Cli;

/// <summary>`lifecycle status` as an operator or a monitoring script runs it, on an Azurite of its own.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class StatusCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private string StorageArg => $"--Storage:ConnectionString={azurite.ConnectionString}";

    [Fact]
    public async Task Status_BeforeAndAfterTheFirstRecompute_ExitsWithFourThenZero()
    {
        var (exit, output) = await CapturedCommand.RunAsync(["status", StorageArg]);
        var (jsonExit, json) = await CapturedCommand.RunAsync(["status", "--json", StorageArg]);

        Assert.Equal(StatusCommand.NeedsAttention, exit);
        Assert.Contains($"- {PipelineHealth.NoRecompute}: No recompute has completed yet", output, StringComparison.Ordinal);
        Assert.Equal(StatusCommand.NeedsAttention, jsonExit);
        var status = JsonDocument.Parse(json).RootElement;
        Assert.False(status.GetProperty("healthy").GetBoolean());
        Assert.Equal(JsonValueKind.Null, status.GetProperty("latestWorkbook").ValueKind);

        Assert.Equal(0, (await CapturedCommand.RunAsync(["recompute", StorageArg])).Exit);
        var (healthyExit, healthy) = await CapturedCommand.RunAsync(["status", StorageArg]);

        Assert.Equal(0, healthyExit);
        Assert.Contains("All well.", healthy, StringComparison.Ordinal);
        Assert.Contains($"Pre-built workbook: as of {DateTime.UtcNow:yyyy-MM-dd}", healthy, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_WithAnUnknownOption_ExitsWithTwo()
    {
        Assert.Equal(2, await Program.Main(["status", "--jsn", StorageArg]));
    }
}
