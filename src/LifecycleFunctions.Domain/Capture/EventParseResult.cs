namespace LifecycleFunctions.Domain.Capture;

public sealed class EventParseResult
{
    private EventParseResult(CapturedEvent? captured, IReadOnlyList<EventError> errors)
    {
        Event = captured;
        Errors = errors;
    }

    public CapturedEvent? Event { get; }
    public IReadOnlyList<EventError> Errors { get; }
    public bool IsValid => Event is not null;

    /// <summary>The JSON text of a batch item that failed, so it can be kept with its reason.</summary>
    public string? Raw { get; init; }

    public static EventParseResult Valid(CapturedEvent captured) => new(captured, []);

    public static EventParseResult Invalid(IReadOnlyList<EventError> errors) =>
        errors.Count == 0 ? throw new ArgumentException("An invalid result needs at least one error.", nameof(errors)) : new(null, errors);

    public static EventParseResult Invalid(string field, string rule, string detail) => new(null, [new EventError(field, rule, detail)]);

    public EventParseResult WithRaw(string raw) => new(Event, Errors) { Raw = raw };

    /// <summary>One line for the failed-events table's Reason column: "field [rule]: detail; ...".</summary>
    public string Describe() => string.Join("; ", Errors.Select(e => $"{e.Field} [{e.Rule}]: {e.Detail}"));
}
