namespace LifecycleFunctions.Reporting.Streaming;

/// <summary>The member sheets' columns and where their table sits, shared by the designed template and the row streamer.</summary>
public static class MemberColumns
{
    public const int HeaderRow = 4;
    public const int FirstDataRow = HeaderRow + 1;
    public const int FirstColumn = 2;

    /// <summary>Excel's row limit: a sheet holds this many rows, header and title rows included.</summary>
    public const int ExcelMaxRows = 1_048_576;

    public static readonly string[] Names = ["Person", "Email", "Stage entered", "Days in stage", "First-touch channel", "Orders", "Revenue", "Last order", "Next best action"];

    /// <summary>Widths for content that is streamed in after the sheet is designed, so it cannot be measured.</summary>
    public static readonly double[] Widths = [30, 28, 14, 13, 20, 9, 12, 12, 34];

    public static readonly string[] Letters = Names.Select((_, i) => Letter(FirstColumn + i)).ToArray();

    public static int LastColumn => FirstColumn + Names.Length - 1;

    public static string Letter(int column) => ((char)('A' + column - 1)).ToString();
}
