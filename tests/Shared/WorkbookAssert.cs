using ClosedXML.Excel;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;

namespace LifecycleFunctions.Tests.Shared;

/// <summary>Checks an exported workbook the way Excel would meet it: schema-valid, then reopened for its cells.</summary>
public static class WorkbookAssert
{
    public static void Valid(Stream workbook)
    {
        workbook.Position = 0;
        using (var document = SpreadsheetDocument.Open(workbook, false))
        {
            var errors = new OpenXmlValidator(FileFormatVersions.Office2016).Validate(document)
                .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}")
                .ToList();
            Assert.True(errors.Count == 0, "OpenXmlValidator errors:\n" + string.Join("\n", errors.Take(20)));
        }

        workbook.Position = 0;
    }

    public static XLWorkbook Open(Stream workbook)
    {
        Valid(workbook);
        return new XLWorkbook(workbook);
    }
}
