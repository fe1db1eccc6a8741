using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Spreadsheet;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Reporting.Streaming;

/// <summary>
/// Writes one member as a sheet row with <see cref="OpenXmlWriter"/>: strings inline (a shared-string table
/// would hold every person key in memory), dates as serial numbers in the template row's date style.
/// </summary>
/// <remarks>
/// A million members are nine million cells, so no element is built per cell: one instance of each element
/// gives the writer its name, and the cell's attributes are passed beside it from one reused list.
/// </remarks>
public sealed class MemberRowWriter
{
    private readonly string[] _styles;
    private readonly DateOnly _asOf;
    private readonly Row _row = new();
    private readonly Cell _cell = new();
    private readonly InlineString _inline = new();
    private readonly Text _text = new();
    private readonly CellValue _value = new();
    private readonly List<OpenXmlAttribute> _attributes = new(3);

    public MemberRowWriter(IReadOnlyList<uint> styles, DateOnly asOf)
    {
        _styles = styles.Select(s => s.ToString(CultureInfo.InvariantCulture)).ToArray();
        _asOf = asOf;
    }

    public void Write(OpenXmlWriter writer, int rowIndex, StageMember member)
    {
        var row = StartRow(writer, rowIndex);
        Text(writer, 0, row, member.PersonKey);
        if (member.Email is { } email)
        {
            Text(writer, 1, row, email);
        }

        Number(writer, 2, row, Serial(member.Entered));
        Number(writer, 3, row, member.DaysInStage(_asOf).ToString(CultureInfo.InvariantCulture));
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
        var row = StartRow(writer, rowIndex);
        for (var i = 0; i < MemberColumns.Names.Length; i++)
        {
            StartCell(writer, i, row, null);
            writer.WriteEndElement();
        }

        writer.WriteEndElement();
    }

    /// <summary>Excel's serial day number (1900 date system): days since 1899-12-30.</summary>
    public static string Serial(DateOnly day) => (day.DayNumber - Epoch).ToString(CultureInfo.InvariantCulture);

    private static readonly int Epoch = new DateOnly(1899, 12, 30).DayNumber;

    private string StartRow(OpenXmlWriter writer, int rowIndex)
    {
        var row = rowIndex.ToString(CultureInfo.InvariantCulture);
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", string.Empty, row));
        writer.WriteStartElement(_row, _attributes);
        return row;
    }

    private void Text(OpenXmlWriter writer, int column, string row, string value)
    {
        StartCell(writer, column, row, "inlineStr");
        writer.WriteStartElement(_inline);
        writer.WriteStartElement(_text);
        writer.WriteString(XmlText.Clean(value));
        writer.WriteEndElement();
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void Number(OpenXmlWriter writer, int column, string row, string value)
    {
        StartCell(writer, column, row, null);
        writer.WriteStartElement(_value);
        writer.WriteString(value);
        writer.WriteEndElement();
        writer.WriteEndElement();
    }

    private void StartCell(OpenXmlWriter writer, int column, string row, string? type)
    {
        _attributes.Clear();
        _attributes.Add(new OpenXmlAttribute("r", string.Empty, MemberColumns.Letters[column] + row));
        _attributes.Add(new OpenXmlAttribute("s", string.Empty, _styles[column]));
        if (type is not null)
        {
            _attributes.Add(new OpenXmlAttribute("t", string.Empty, type));
        }

        writer.WriteStartElement(_cell, _attributes);
    }
}
