using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using LifecycleFunctions.Domain.Analytics;
using LifecycleFunctions.Domain.Capture;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine.Reports;
using LifecycleFunctions.Reporting.Design;
using LifecycleFunctions.Reporting.Streaming;

namespace LifecycleFunctions.Reporting;

/// <summary>
/// Writes the funnel workbook. ClosedXML designs every sheet (the dashboard pages, and each member sheet as a
/// table with one template row) into a small package in memory; the package is then copied entry by entry into
/// the output, with the member sheets' rows streamed in through <see cref="DocumentFormat.OpenXml.OpenXmlWriter"/>
/// and their tables' ranges widened to fit. Memory stays flat however many members a stage has.
/// </summary>
public sealed partial class FunnelWorkbookExporter(FunnelWorkbookOptions? options = null) : IFunnelWorkbookExporter
{
    public const string ContentType = FunnelWorkbookFormat.ContentType;

    private readonly FunnelWorkbookOptions _options = options ?? new FunnelWorkbookOptions();

    /// <summary>
    /// Dated, and naming every filter, so a channel's or a weekly workbook does not overwrite the day's full one:
    /// <c>funnel-[stage-][channel-][weekly-]yyyy-MM-dd.xlsx</c>.
    /// </summary>
    public static string FileName(FunnelReport report)
    {
        var parts = new List<string> { "funnel" };
        if (report.Filter.Stage is { } stage)
        {
            parts.Add(stage.ToString().ToLowerInvariant());
        }

        if (report.Filter.Channel is { } channel)
        {
            parts.Add(ChannelPart(channel));
        }

        // A stage workbook has no cohort sheets: the grain would name nothing in it.
        if (report.Filter.CohortGranularity == CohortGranularity.Week && report.Filter.Stage is null)
        {
            parts.Add("weekly");
        }

        parts.Add(report.AsOf.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        return string.Join('-', parts) + ".xlsx";
    }

    /// <summary>
    /// A channel as a file-name part: its slug when that says it exactly; otherwise (a slug that loses something,
    /// is empty, or reads as another filter: "weekly", a stage) the slug and a short hash of the channel, so two
    /// channels never share a file and none takes the full or the weekly workbook's name.
    /// </summary>
    private static string ChannelPart(string channel)
    {
        var slug = Slug(channel);
        var ambiguous = slug.Length == 0
            || !string.Equals(slug, channel, StringComparison.Ordinal)
            || slug == "weekly"
            || Enum.GetNames<LifecycleStage>().Any(s => s.Equals(slug, StringComparison.OrdinalIgnoreCase));
        return ambiguous ? (slug.Length == 0 ? string.Empty : slug + "-") + ContentId.Of(string.Empty, channel)[..6] : slug;
    }

    /// <summary>Letters and digits kept, anything else one dash (a channel may be a host or hold a slash).</summary>
    private static string Slug(string text)
    {
        var slug = new StringBuilder(Math.Min(text.Length, 40));
        foreach (var c in text.ToLowerInvariant())
        {
            if (slug.Length == 40)
            {
                break;
            }

            if (char.IsAsciiLetterOrDigit(c))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        return slug.ToString().TrimEnd('-');
    }

    public async Task<WorkbookExportResult> ExportAsync(FunnelReport report, Stream output, IProgress<ExportProgress>? progress, CancellationToken cancellationToken)
    {
        var plans = Plan(report);
        var total = plans.Sum(p => (long)Math.Min(p.Capacity, Math.Max(0, p.ExpectedMembers - ((p.Part - 1) * p.Capacity))));
        progress?.Report(new ExportProgress("Designing sheets", 0, total));
        using var template = new MemoryStream();
        var results = new FormulaResults();
        using (var workbook = Design(report, plans, results))
        {
            workbook.SaveAs(template);
        }

        template.Position = 0;
        var parts = TemplateParts.Read(template);
        var sheetNames = parts.SheetEntries.ToDictionary(p => p.Value, p => p.Key, StringComparer.Ordinal);
        template.Position = 0;
        using var source = new ZipArchive(template, ZipArchiveMode.Read, leaveOpen: true);
        var rows = new Dictionary<string, int>(StringComparer.Ordinal);
        var dropped = 0L;
        var streamed = 0L;
        var done = new HashSet<string>(StringComparer.Ordinal);
        using (var target = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var stage in plans.GroupBy(p => p.Stage))
            {
                await using var members = Filtered(report, stage.Key, cancellationToken).GetAsyncEnumerator(cancellationToken);
                foreach (var plan in stage)
                {
                    var entry = parts.SheetEntries[plan.SheetName];
                    var xml = WithoutDeclaration(ReadText(source, entry));
                    await using (var stream = target.CreateEntry(entry, CompressionLevel.Fastest).Open())
                    {
                        rows[plan.SheetName] = await MemberSheetStreamer.WriteAsync(xml, stream, plan, members, report.AsOf, n =>
                        {
                            streamed += n;
                            progress?.Report(new ExportProgress($"Streaming {stage.Key} members", streamed, total));
                        }, cancellationToken);
                    }

                    done.Add(entry);
                    var tableEntry = parts.TableEntries[plan.TableName];
                    WriteText(target, tableEntry, WidenTable(ReadText(source, tableEntry), Math.Max(1, rows[plan.SheetName])));
                    done.Add(tableEntry);
                }

                while (await members.MoveNextAsync())
                {
                    dropped++;
                }
            }

            foreach (var entry in source.Entries.Where(e => !done.Contains(e.FullName)))
            {
                if (entry.FullName.StartsWith("xl/worksheets/sheet", StringComparison.Ordinal))
                {
                    var xml = ReadText(source, entry.FullName);
                    if (sheetNames.TryGetValue(entry.FullName, out var sheet) && results.TryGet(sheet, out var cells))
                    {
                        xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + FormulaResults.Apply(WithoutDeclaration(xml), cells);
                    }

                    WriteText(target, entry.FullName, UpperCaseGuids(xml));
                    continue;
                }

                if (entry.FullName == "xl/workbook.xml")
                {
                    WriteText(target, entry.FullName, AbsolutePrintTitles(ReadText(source, entry.FullName)));
                    continue;
                }

                await using var from = entry.Open();
                await using var to = target.CreateEntry(entry.FullName, CompressionLevel.Optimal).Open();
                await from.CopyToAsync(to, cancellationToken);
            }
        }

        progress?.Report(new ExportProgress("Done", streamed, total));
        return new WorkbookExportResult(rows, dropped);
    }

    private List<MemberSheetPlan> Plan(FunnelReport report)
    {
        var capacity = _options.MaxRowsPerSheet - MemberColumns.HeaderRow;
        if (capacity < 1)
        {
            throw new InvalidOperationException($"MaxRowsPerSheet must leave room for member rows below row {MemberColumns.HeaderRow}.");
        }

        var plans = new List<MemberSheetPlan>();
        foreach (var stage in report.MemberStages)
        {
            var expected = report.MemberCount(stage);
            var parts = Math.Max(1, (int)Math.Ceiling((double)expected / capacity));
            for (var part = 1; part <= parts; part++)
            {
                plans.Add(new MemberSheetPlan(stage, part, parts, capacity, expected));
            }
        }

        return plans;
    }

    private XLWorkbook Design(FunnelReport report, List<MemberSheetPlan> plans, FormulaResults results)
    {
        var workbook = new XLWorkbook();
        workbook.Style.Font.FontName = DashboardTheme.FontName;
        workbook.Properties.Title = $"Customer lifecycle funnel as of {report.AsOf:yyyy-MM-dd}";
        workbook.Properties.Subject = report.Filter.Describe();
        workbook.Properties.Author = _options.Author;
        workbook.Properties.Company = _options.Author;
        workbook.Properties.Created = report.GeneratedAt.UtcDateTime;
        workbook.Properties.Modified = report.GeneratedAt.UtcDateTime;
        var firstSheets = plans.Where(p => p.Part == 1).ToDictionary(p => p.Stage, p => p.SheetName);
        OverviewSheet.Add(workbook, report, firstSheets);
        if (report.Filter.Stage is null)
        {
            SliceMatrixSheet.AddChannels(workbook, report);
            SliceMatrixSheet.AddCohorts(workbook, report);
            CohortSheet.Add(workbook, report);
            CampaignSheet.Add(workbook, report, results);
            TrendSheet.Add(workbook, report);
        }

        foreach (var plan in plans)
        {
            MemberSheet.Add(workbook, report, plan);
        }

        return workbook;
    }

    private static async IAsyncEnumerable<StageMember> Filtered(FunnelReport report, LifecycleStage stage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var member in report.Members(stage, cancellationToken).WithCancellation(cancellationToken))
        {
            if (report.Filter.Channel is not { } channel || string.Equals(member.FirstTouchChannel, channel, StringComparison.Ordinal))
            {
                yield return member;
            }
        }
    }

    private static string WidenTable(string xml, int memberRows)
    {
        var table = new DocumentFormat.OpenXml.Spreadsheet.Table(WithoutDeclaration(xml));
        var last = MemberColumns.FirstDataRow + memberRows - 1;
        var reference = $"{MemberColumns.Letter(MemberColumns.FirstColumn)}{MemberColumns.HeaderRow}:{MemberColumns.Letter(MemberColumns.LastColumn)}{last}";
        table.Reference = reference;
        if (table.AutoFilter is { } filter)
        {
            filter.Reference = reference;
        }

        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>" + table.OuterXml;
    }

    // ClosedXML 0.95.4 writes the x14 conditional-format ids (data bars) as lower-case GUIDs, which the
    // schema's pattern and OpenXmlValidator reject; Excel wants them upper-case.
    private static string UpperCaseGuids(string xml) => LowerCaseGuid().Replace(xml, m => m.Value.ToUpperInvariant());

    // ClosedXML 0.95.4 writes the rows to repeat on each printed page as Reach!4:4; LibreOffice repeats only
    // Excel's own absolute form, Reach!$4:$4.
    private static string AbsolutePrintTitles(string xml) => PrintTitlesRows().Replace(xml, "$1$$$2:$$$3<");

    [GeneratedRegex(@"(<(?:x:)?definedName name=""_xlnm\.Print_Titles""[^>]*>[^<]*!)(\d+):(\d+)<")]
    private static partial Regex PrintTitlesRows();

    [GeneratedRegex(@"\{[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\}")]
    private static partial Regex LowerCaseGuid();

    private static string ReadText(ZipArchive archive, string entry)
    {
        using var reader = new StreamReader(archive.GetEntry(entry)!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The OpenXML SDK builds elements from outer XML only, without the document's XML declaration.</summary>
    private static string WithoutDeclaration(string xml)
    {
        xml = xml.TrimStart('\uFEFF');
        return xml.StartsWith("<?xml", StringComparison.Ordinal) ? xml[(xml.IndexOf("?>", StringComparison.Ordinal) + 2)..] : xml;
    }

    private static void WriteText(ZipArchive archive, string entry, string text)
    {
        using var writer = new StreamWriter(archive.CreateEntry(entry, CompressionLevel.Optimal).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
