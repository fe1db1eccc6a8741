using System.Net;
using Azure.Data.Tables;
using ClosedXML.Excel;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.Reporting;
using LifecycleFunctions.Reporting.Design;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Reports;
using LifecycleFunctions.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace LifecycleFunctions.IntegrationTests.Reports;

public sealed class FunnelReportTests(ReportAppFixture fixture) : IClassFixture<ReportAppFixture>
{
    private TestApp App => fixture.App;

    private async Task<HttpResponseMessage> GetAsync(string path, string? key = TestApp.FunctionKey)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (key is not null)
        {
            request.Headers.Add("x-functions-key", key);
        }

        return await App.Http.SendAsync(request);
    }

    private static async Task<XLWorkbook> WorkbookAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(FunnelWorkbookExporter.ContentType, response.Content.Headers.ContentType?.MediaType);
        var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        return WorkbookAssert.Open(stream);
    }

    private static List<string> People(IXLWorksheet sheet) =>
        sheet.Tables.Single().DataRange.Rows().Select(r => r.Cell(1).GetString()).Where(p => p.Length > 0).Order(StringComparer.Ordinal).ToList();

    [Fact]
    public void GetFunnel_BeforeAnyRecompute_IsNotFoundWithAHint()
    {
        Assert.Equal(HttpStatusCode.NotFound, fixture.FunnelBeforeRecompute.Status);
        Assert.Contains("urn:lifecycle-functions:problem:no-recompute", fixture.FunnelBeforeRecompute.Body, StringComparison.Ordinal);
        Assert.Contains("lifecycle recompute", fixture.FunnelBeforeRecompute.Body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, fixture.LatestBeforeRecompute.Status);
        Assert.Contains("urn:lifecycle-functions:problem:no-workbook", fixture.LatestBeforeRecompute.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/reports/funnel", null)]
    [InlineData("/api/reports/funnel/lapsed", null)]
    [InlineData("/api/reports/funnel/latest", "wrong-key")]
    public async Task GetFunnel_WithoutTheFunctionKey_IsUnauthorizedProblem(string path, string? key)
    {
        using var response = await GetAsync(path, key);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("?asOf=yesterday", "asOf")]
    [InlineData("?asOf=2026-13-01", "asOf")]
    [InlineData("?cohort=year", "cohort")]
    [InlineData("?channel=%20", "channel")]
    public async Task GetFunnel_WithABadParameter_IsBadRequestNamingIt(string query, string parameter)
    {
        using var response = await GetAsync("/api/reports/funnel" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("urn:lifecycle-functions:problem:invalid-parameter", problem.GetProperty("type").GetString());
        Assert.Equal(parameter, problem.GetProperty("parameter").GetString());
    }

    [Theory]
    [InlineData("/api/reports/funnel/churned")]
    [InlineData("/api/reports/funnel/3")]
    public async Task GetFunnel_WithAnUnknownStage_IsNotFoundListingTheStages(string path)
    {
        using var response = await GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("urn:lifecycle-functions:problem:unknown-stage", problem.GetProperty("type").GetString());
        Assert.Contains("Reach, Acquisition, Conversion", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetFunnel_ForADayWithoutRecompute_IsNotFoundNamingTheLatest()
    {
        using var response = await GetAsync("/api/reports/funnel?asOf=2026-01-01");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.Equal("urn:lifecycle-functions:problem:no-recompute-for-day", problem.GetProperty("type").GetString());
        Assert.Equal("2026-11-23", problem.GetProperty("latest").GetString());
    }

    [Fact]
    public async Task GetFunnel_WithTheKey_ReturnsAValidDatedWorkbookWhoseFunnelIsTheStoredSnapshot()
    {
        using var response = await GetAsync("/api/reports/funnel");
        using var workbook = await WorkbookAsync(response);

        Assert.Equal("funnel-2026-11-23.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        var stored = await App.Services.GetRequiredService<AnalyticsReader>().ReadFunnelAsync(ReportAppFixture.AsOf, CancellationToken.None);
        var rows = workbook.NamedRange(OverviewSheet.FunnelName).Ranges.Single().Rows().Skip(1).ToList();
        Assert.Equal(stored!.Stages.Select(s => (s.Stage.ToString(), s.Current, s.EverReached)), rows.Select(r => (r.Cell(1).GetString(), (int)r.Cell(2).GetDouble(), (int)r.Cell(3).GetDouble())));
        Assert.Equal([2, 1, 1, 1, 0, 0, 1], stored.Stages.Select(s => s.Current));
    }

    [Fact]
    public async Task GetFunnel_WithTheKey_MemberSheetsListExactlyTheStoredMembers()
    {
        using var response = await GetAsync("/api/reports/funnel");
        using var workbook = await WorkbookAsync(response);

        var members = await StoredEvents.WhereAsync(App.Storage, StorageNames.StageMembersTable, "PartitionKey ne ''");
        foreach (var stage in new[] { "Reach", "Acquisition", "Conversion", "Retention", "Loyalty", "Advocacy", "Lapsed" })
        {
            Assert.Equal(members.Where(m => m.PartitionKey == stage).Select(m => m.GetString("PersonKey")).Order(StringComparer.Ordinal), People(workbook.Worksheet(stage)));
        }

        Assert.Equal(["u:old-1"], People(workbook.Worksheet("Lapsed")));
        Assert.Equal(["u:buyer-2"], People(workbook.Worksheet("Retention")));
    }

    [Fact]
    public async Task GetFunnel_ForAStageAndChannelWithTheCodeParameter_ListsOnlyThosePeople()
    {
        using var response = await GetAsync($"/api/reports/funnel/conversion?channel=google&cohort=week&code={TestApp.FunctionKey}", key: null);
        using var workbook = await WorkbookAsync(response);

        Assert.Equal("funnel-conversion-google-2026-11-23.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal(["Overview", "Conversion"], workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(["u:buyer-1"], People(workbook.Worksheet("Conversion")));
    }

    [Fact]
    public async Task GetLatest_AfterARecompute_StreamsThePublishedWorkbook()
    {
        using var response = await GetAsync("/api/reports/funnel/latest");
        using var workbook = await WorkbookAsync(response);

        Assert.Equal("funnel-2026-11-23.xlsx", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName);
        Assert.Equal("Customer lifecycle funnel as of 2026-11-23", workbook.Properties.Title);
        Assert.True(await App.Storage.Container(StorageNames.ReportsContainer).GetBlobClient("funnel-2026-11-23.xlsx").ExistsAsync());
    }
}
