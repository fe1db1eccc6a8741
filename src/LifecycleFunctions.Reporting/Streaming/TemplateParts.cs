using DocumentFormat.OpenXml.Packaging;

namespace LifecycleFunctions.Reporting.Streaming;

/// <summary>Where in the designed package each sheet and each table lives (zip entry names), found through the package's relationships.</summary>
public sealed class TemplateParts
{
    public Dictionary<string, string> SheetEntries { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, string> TableEntries { get; } = new(StringComparer.Ordinal);

    public static TemplateParts Read(Stream package)
    {
        var parts = new TemplateParts();
        using var document = SpreadsheetDocument.Open(package, false);
        var workbook = document.WorkbookPart ?? throw new InvalidOperationException("The designed workbook has no workbook part.");
        foreach (var sheet in workbook.Workbook.Sheets!.Elements<DocumentFormat.OpenXml.Spreadsheet.Sheet>())
        {
            var part = (WorksheetPart)workbook.GetPartById(sheet.Id!.Value!);
            parts.SheetEntries[sheet.Name!.Value!] = Entry(part);
            foreach (var table in part.TableDefinitionParts)
            {
                parts.TableEntries[table.Table.Name!.Value!] = Entry(table);
            }
        }

        return parts;
    }

    private static string Entry(OpenXmlPart part) => part.Uri.OriginalString.TrimStart('/');
}
