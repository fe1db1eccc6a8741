using System.Text.Json;
using LifecycleFunctions.Domain.Lifecycle;

namespace LifecycleFunctions.Engine.Lifecycle;

/// <summary>A person's state as JSON: what a store keeps, and what the classify step compares to tell a change.</summary>
public static class PersonStateJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(PersonState state) => JsonSerializer.Serialize(state, Options);

    public static PersonState Deserialize(string json) =>
        JsonSerializer.Deserialize<PersonState>(json, Options) ?? throw new JsonException("Empty person state.");
}
