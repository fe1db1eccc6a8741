namespace LifecycleFunctions.IntegrationTests.Infrastructure;

/// <summary>
/// Tests that run commands with Spectre.Console progress displays: the console allows one live display at a
/// time, so these classes run one after another (each still has its own Azurite).
/// </summary>
[CollectionDefinition(Name)]
public sealed class ConsoleCollection
{
    public const string Name = "Console";
}
