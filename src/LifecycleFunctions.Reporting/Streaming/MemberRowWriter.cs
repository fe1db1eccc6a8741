using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Reporting.Streaming;

/// <summary>
/// Writes one member as a sheet row with <see cref="OpenXmlWriter"/>: strings inline (a shared-string table
/// would hold every person key in memory), dates as serial numbers in the template row's date style.
/// </summary>
public sealed class MemberRowWriter(IReadOnlyList<uint> styles, DateOnly asOf)
{
    public void Write(OpenXmlWriter writer, int rowIndex, StageMember member)
    {
        var row = rowIndex.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(new Row { RowIndex = (uint)rowIndex });
        Text(writer, 0, row, member.PersonKey);
        if (member.Email is { } email)
        {
            Text(writer, 1, row, email);
        }

        Number(writer, 2, row, Serial(member.Entered));
        Number(writer, 3, row, member.DaysInStage(asOf).ToString(CultureInfo.InvariantCulture));
        Text(writer, 4, row, member.FirstTouchChannel);
        Number(writer, 5, row, member.Orders.ToString(CultureInfo.InvariantCulture));
        Number(writer, 6, row, member.Revenue.ToString(CultureInfo.InvariantCulture));
        if (member.LastOrder is { } last)
        {
            Number(writer, 7, row, Serial(last));
        }

        Text(writer, 8, row, member.NextAction);
        writer.WriteEndElement();
    }

    /// <summary>A row of styled empty cells: an Excel table needs one data row even when the stage is empty.</summary>
    public void WriteEmpty(OpenXmlWriter writer, int rowIndex)
    {
        var row = rowIndex.ToString(CultureInfo.InvariantCulture);
        writer.WriteStartElement(new Row { RowIndex = (uint)rowIndex });
        for (var i = 0; i < MemberColumns.Names.Length; i++)
        {
            writer.WriteElement(new Cell { CellReference = MemberColumns.Letters[i] + row, StyleIndex = styles[i] });
        }

        writer.WriteEndElement();
    }

    /// <summary>Excel's serial day number (1900 date system): days since 1899-12-30.</summary>
    public static string Serial(DateOnly day) => (day.DayNumber - Epoch).ToString(CultureInfo.InvariantCulture);

    private static readonly int Epoch = new DateOnly(1899, 12, 30).DayNumber;

    private void Text(OpenXmlWriter writer, int column, string row, string value) =>
        writer.WriteElement(new Cell(new InlineString(new Text(XmlText.Clean(value))))
        {
            CellReference = MemberColumns.Letters[column] + row,
            DataType = CellValues.InlineString,
            StyleIndex = styles[column],
        });

    private void Number(OpenXmlWriter writer, int column, string row, string value) =>
        writer.WriteElement(new Cell(new CellValue(value))
        {
            CellReference = MemberColumns.Letters[column] + row,
            StyleIndex = styles[column],
        });
}
