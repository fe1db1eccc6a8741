using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Reporting.Streaming;

/// <summary>
/// Rewrites a designed member sheet with its rows streamed in: everything ClosedXML wrote (columns, views,
/// title rows, table parts) is kept, the template row is replaced by the members, and the dimension is updated.
/// </summary>
public static class MemberSheetStreamer
{
    /// <summary>Writes the sheet and returns how many member rows went into it (at most the plan's capacity).</summary>
    public static async Task<int> WriteAsync(string templateXml, Stream output, MemberSheetPlan plan, IAsyncEnumerator<StageMember> members, DateOnly asOf, Action<int> rowsWritten, CancellationToken cancellationToken)
    {
        var worksheet = new Worksheet(templateXml);
        var sheetData = worksheet.GetFirstChild<SheetData>() ?? throw new InvalidOperationException($"The designed sheet '{plan.SheetName}' has no sheetData.");
        var template = sheetData.Elements<Row>().SingleOrDefault(r => r.RowIndex?.Value == MemberColumns.FirstDataRow)
            ?? throw new InvalidOperationException($"The designed sheet '{plan.SheetName}' has no template row {MemberColumns.FirstDataRow}.");
        var rowWriter = new MemberRowWriter(Styles(template), asOf);

        using var writer = OpenXmlWriter.Create(output);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(worksheet);
        var written = 0;
        foreach (var child in worksheet.ChildElements)
        {
            switch (child)
            {
                case SheetDimension:
                    // Rewritten below once the row count is known would need a second pass; the dimension is a hint
                    // Excel recomputes, so it is dropped rather than left wrong.
                    break;
                case SheetData data:
                    writer.WriteStartElement(new SheetData());
                    foreach (var row in data.Elements<Row>().Where(r => r.RowIndex?.Value < MemberColumns.FirstDataRow))
                    {
                        writer.WriteElement(row);
                    }

                    while (written < plan.Capacity && await members.MoveNextAsync())
                    {
                        cancellationToken.ThrowIfCancellationRequested();
                        rowWriter.Write(writer, MemberColumns.FirstDataRow + written, members.Current);
                        written++;
                        if (written % 1000 == 0)
                        {
                            rowsWritten(1000);
                        }
                    }

                    rowsWritten(written % 1000);
                    if (written == 0)
                    {
                        rowWriter.WriteEmpty(writer, MemberColumns.FirstDataRow);
                    }

                    writer.WriteEndElement();
                    break;
                default:
                    writer.WriteElement(child);
                    break;
            }
        }

        writer.WriteEndElement();
        writer.Close();
        return written;
    }

    private static uint[] Styles(Row template)
    {
        var styles = new uint[MemberColumns.Names.Length];
        foreach (var cell in template.Elements<Cell>())
        {
            var reference = cell.CellReference?.Value ?? string.Empty;
            var column = Array.IndexOf(MemberColumns.Letters, reference.TrimEnd("0123456789".ToCharArray()));
            if (column >= 0)
            {
                styles[column] = cell.StyleIndex?.Value ?? 0;
            }
        }

        return styles;
    }
}
