using System.Globalization;
using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Reporting.Streaming;

namespace LifecycleFunctions.App.Benchmarks;

/// <summary>
/// The export benchmark's ceiling: the same member cells (inline strings, numbers, styled dates, cell references)
/// written with a bare <see cref="OpenXmlWriter"/> into the smallest valid package, zipped the way the exporter zips
/// its member sheets. No design, no template, no table: what streaming rows costs and nothing else.
/// </summary>
public static class BareMemberSheetWriter
{
    // Per column: 0 text, 1 date, 2 integer, 3 money (the cellXfs in Styles below).
    private static readonly uint[] ColumnStyles = [0, 0, 1, 2, 0, 2, 3, 1, 0];

    public static async Task<int> WriteAsync(Stream output, IAsyncEnumerable<StageMember> members, DateOnly asOf, CancellationToken cancellationToken)
    {
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        Part(zip, "[Content_Types].xml", ContentTypes);
        Part(zip, "_rels/.rels", RootRelationships);
        Part(zip, "xl/workbook.xml", Workbook);
        Part(zip, "xl/_rels/workbook.xml.rels", WorkbookRelationships);
        Part(zip, "xl/styles.xml", Styles);

        await using var sheet = zip.CreateEntry("xl/worksheets/sheet1.xml", CompressionLevel.Fastest).Open();
        using var writer = OpenXmlWriter.Create(sheet);
        writer.WriteStartDocument(true);
        writer.WriteStartElement(new Worksheet());
        writer.WriteStartElement(new SheetData());
        var cells = new CellWriter(writer);
        var rowIndex = MemberColumns.FirstDataRow;
        await foreach (var member in members.WithCancellation(cancellationToken))
        {
            var row = rowIndex.ToString(CultureInfo.InvariantCulture);
            cells.StartRow(row);
            cells.Text(0, row, member.PersonKey);
            if (member.Email is { } email)
            {
                cells.Text(1, row, email);
            }

            cells.Number(2, row, MemberRowWriter.Serial(member.Entered));
            cells.Number(3, row, member.DaysInStage(asOf).ToString(CultureInfo.InvariantCulture));
            cells.Text(4, row, member.FirstTouchChannel);
            cells.Number(5, row, member.Orders.ToString(CultureInfo.InvariantCulture));
            cells.Number(6, row, member.Revenue.ToString(CultureInfo.InvariantCulture));
            if (member.LastOrder is { } last)
            {
                cells.Number(7, row, MemberRowWriter.Serial(last));
            }

            cells.Text(8, row, member.NextAction);
            writer.WriteEndElement();
            rowIndex++;
        }

        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.Close();
        return rowIndex - MemberColumns.FirstDataRow;
    }

    private static void Part(ZipArchive zip, string name, string xml)
    {
        using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
        stream.Write(Encoding.UTF8.GetBytes(xml));
    }

    /// <summary>One instance of each element and one attribute list, reused for every cell: no allocation per cell but the strings.</summary>
    private sealed class CellWriter(OpenXmlWriter writer)
    {
        private readonly Row _row = new();
        private readonly Cell _cell = new();
        private readonly InlineString _inline = new();
        private readonly Text _text = new();
        private readonly CellValue _value = new();
        private readonly List<OpenXmlAttribute> _attributes = new(3);
        private readonly string[] _styles = ColumnStyles.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();

        public void StartRow(string row)
        {
            _attributes.Clear();
            _attributes.Add(new OpenXmlAttribute("r", string.Empty, row));
            writer.WriteStartElement(_row, _attributes);
        }

        public void Text(int column, string row, string value)
        {
            Start(column, row, inline: true);
            writer.WriteStartElement(_inline);
            writer.WriteStartElement(_text);
            writer.WriteString(value);
            writer.WriteEndElement();
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        public void Number(int column, string row, string value)
        {
            Start(column, row, inline: false);
            writer.WriteStartElement(_value);
            writer.WriteString(value);
            writer.WriteEndElement();
            writer.WriteEndElement();
        }

        private void Start(int column, string row, bool inline)
        {
            _attributes.Clear();
            _attributes.Add(new OpenXmlAttribute("r", string.Empty, MemberColumns.Letters[column] + row));
            _attributes.Add(new OpenXmlAttribute("s", string.Empty, _styles[column]));
            if (inline)
            {
                _attributes.Add(new OpenXmlAttribute("t", string.Empty, "inlineStr"));
            }

            writer.WriteStartElement(_cell, _attributes);
        }
    }

    private const string ContentTypes =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""";

    private const string RootRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""";

    private const string Workbook =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Members" sheetId="1" r:id="rId1"/></sheets></workbook>""";

    private const string WorkbookRelationships =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>""";

    private const string Styles =
        """<?xml version="1.0" encoding="UTF-8" standalone="yes"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/><numFmt numFmtId="165" formatCode="#,##0.00"/></numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="3" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>""";
}
