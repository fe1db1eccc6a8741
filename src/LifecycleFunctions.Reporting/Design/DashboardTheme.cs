using ClosedXML.Excel;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Reporting.Design;

/// <summary>The workbook's look: one palette and a few named styles, so every sheet reads as the same dashboard.</summary>
public static class DashboardTheme
{
    public static readonly XLColor Ink = XLColor.FromHtml("#1B2A41");
    public static readonly XLColor Muted = XLColor.FromHtml("#6B7A90");
    public static readonly XLColor Band = XLColor.FromHtml("#1F3B63");
    public static readonly XLColor Tile = XLColor.FromHtml("#F3F6FA");
    public static readonly XLColor Rule = XLColor.FromHtml("#D5DDE8");
    public static readonly XLColor Bar = XLColor.FromHtml("#4A90D9");
    public static readonly XLColor Low = XLColor.FromHtml("#FFFFFF");
    // The scale's top stays light enough for the dark ink of the numbers on it to read.
    public static readonly XLColor Mid = XLColor.FromHtml("#BDD7EE");
    public static readonly XLColor High = XLColor.FromHtml("#6FA8DC");
    public static readonly XLColor InProgress = XLColor.FromHtml("#8A94A6");

    public const string FontName = "Calibri";
    public const string Count = "#,##0";
    public const string Money = "#,##0.00";
    public const string Percent = "0.0%";
    public const string Days = "#,##0.0";
    public const string Date = "yyyy-mm-dd";
    public static readonly XLTableTheme TableTheme = XLTableTheme.TableStyleMedium2;

    /// <summary>Each stage's accent, in funnel order, from cool (first touch) to warm (advocates); Lapsed is grey.</summary>
    public static XLColor Accent(LifecycleStage stage) => stage switch
    {
        LifecycleStage.Reach => XLColor.FromHtml("#5B8DEF"),
        LifecycleStage.Acquisition => XLColor.FromHtml("#3AA0C8"),
        LifecycleStage.Conversion => XLColor.FromHtml("#2FB28A"),
        LifecycleStage.Retention => XLColor.FromHtml("#7BBF3F"),
        LifecycleStage.Loyalty => XLColor.FromHtml("#E0A526"),
        LifecycleStage.Advocacy => XLColor.FromHtml("#E2713A"),
        _ => XLColor.FromHtml("#8A94A6"),
    };

    /// <summary>A dashboard page: no grid lines, a dark title band across the used width, a muted subtitle.</summary>
    public static void Page(IXLWorksheet sheet, string title, string subtitle, int lastColumn, XLColor? tab = null)
    {
        sheet.ShowGridLines = false;
        sheet.Style.Font.FontName = FontName;
        sheet.Style.Font.FontColor = Ink;
        sheet.TabColor = tab ?? Band;
        sheet.Column(1).Width = 2;
        var band = sheet.Range(1, 1, 1, lastColumn);
        band.Style.Fill.BackgroundColor = Band;
        sheet.Row(1).Height = 34;
        var titleCell = sheet.Cell(1, 2);
        titleCell.SetValue(title);
        titleCell.Style.Font.FontSize = 18;
        titleCell.Style.Font.Bold = true;
        titleCell.Style.Font.FontColor = XLColor.White;
        titleCell.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        var sub = sheet.Cell(2, 2);
        sub.SetValue(subtitle);
        sub.Style.Font.FontColor = Muted;
        sub.Style.Font.Italic = true;

        // Printed or saved as PDF, a page shows every column of the dashboard, as on screen; without this a wide
        // sheet was cut into strips of a few columns, page after page.
        sheet.PageSetup.PageOrientation = XLPageOrientation.Landscape;
        sheet.PageSetup.FitToPages(1, 0);
        sheet.PageSetup.Margins.Left = 0.4;
        sheet.PageSetup.Margins.Right = 0.4;
    }

    /// <summary>A section heading with a rule under it.</summary>
    public static void Section(IXLWorksheet sheet, int row, int firstColumn, int lastColumn, string text)
    {
        var cell = sheet.Cell(row, firstColumn);
        cell.SetValue(text);
        cell.Style.Font.Bold = true;
        cell.Style.Font.FontSize = 13;
        cell.Style.Font.FontColor = Band;
        var rule = sheet.Range(row, firstColumn, row, lastColumn);
        rule.Style.Border.BottomBorder = XLBorderStyleValues.Medium;
        rule.Style.Border.BottomBorderColor = Band;
    }

    /// <summary>Header cells of a plain (non-table) grid.</summary>
    public static void Header(IXLRange header)
    {
        header.Style.Font.Bold = true;
        header.Style.Font.FontColor = XLColor.White;
        header.Style.Fill.BackgroundColor = Band;
        header.Style.Alignment.Horizontal = XLAlignmentHorizontalValues.Center;
        header.Style.Alignment.Vertical = XLAlignmentVerticalValues.Center;
        header.Style.Alignment.WrapText = true;

        // Room for two lines: neither Excel nor LibreOffice grows a row for wrapped text when it opens the file,
        // so a long header ("First-touch channel") would be cut off in a one-line row.
        var row = header.Worksheet.Row(header.RangeAddress.FirstAddress.RowNumber);
        row.Height = Math.Max(row.Height, 30);
    }

    /// <summary>
    /// An Excel table in the dashboard's look. LibreOffice draws no table style, so the header and totals rows are
    /// also styled cell by cell, as the plain grids are: the same dark header in both programs, where the table
    /// style alone left LibreOffice's headers unmarked.
    /// </summary>
    public static void Table(IXLTable table)
    {
        table.Theme = TableTheme;
        Header(table.HeadersRow().AsRange());
        var headerRow = table.HeadersRow().RowNumber();
        table.Worksheet.PageSetup.SetRowsToRepeatAtTop(headerRow, headerRow);
        if (table.ShowTotalsRow)
        {
            var totals = table.TotalsRow();
            totals.Style.Font.Bold = true;
            totals.Style.Border.TopBorder = XLBorderStyleValues.Thin;
            totals.Style.Border.TopBorderColor = Band;
        }
    }

    /// <summary>A number with its format; an absent figure (no ratio without a denominator) leaves the cell empty.</summary>
    public static void Number(IXLCell cell, object? value, string format)
    {
        if (value is null)
        {
            return;
        }

        cell.Value = value;
        cell.Style.NumberFormat.Format = format;
    }

    public static void ColorScale(IXLRange range) =>
        range.AddConditionalFormat().ColorScale().LowestValue(Low).Midpoint(XLCFContentType.Percentile, 50, Mid).HighestValue(High);

    public static void DataBar(IXLRange range, XLColor? color = null) =>
        range.AddConditionalFormat().DataBar(color ?? Bar).LowestValue().HighestValue();
}
