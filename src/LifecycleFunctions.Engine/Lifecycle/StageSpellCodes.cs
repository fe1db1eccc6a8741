using System.Globalization;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>
/// A person's stage history in one short string kept on their personstates row ("20261101-0~20261120~~0,…"),
/// so the next run can tell which stagehistory rows changed or went without reading them back.
/// Each code starts with the spell's row-key suffix; the rest is everything its row shows.
/// </summary>
public static class StageSpellCodes
{
    public static string RowSuffix(StageSpell spell) => string.Create(CultureInfo.InvariantCulture, $"{spell.Entered:yyyyMMdd}-{(int)spell.Stage}");

    public static string Code(StageSpell spell) => string.Create(
        CultureInfo.InvariantCulture,
        $"{RowSuffix(spell)}~{spell.Exited:yyyyMMdd}~{(int?)spell.Previous}~{(spell.IsReactivation ? 1 : 0)}");

    public static string Encode(IReadOnlyList<StageSpell> history) => string.Join(',', history.Select(Code));

    public static string[] Split(string? codes) => string.IsNullOrEmpty(codes) ? [] : codes.Split(',');

    public static string SuffixOf(string code) => code[..code.IndexOf('~', StringComparison.Ordinal)];
}
