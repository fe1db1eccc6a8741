namespace LifecycleFunctions.Domain.Analytics;

/// <summary>
/// One name per channel. An ad network reports its spend under its own name ("google-ads") while the visitors
/// it sends arrive tagged utm_source=google; an alias folds the two into one, so that a campaign's spend and the
/// people it brought meet in one row and the by-channel breakdown counts the network once. Applied when people
/// are classified and campaigns combined, not when events are stored, so a new alias also renames history.
/// </summary>
public sealed class ChannelAliases
{
    public static readonly ChannelAliases None = new([]);

    private readonly Dictionary<string, string> _channels = new(StringComparer.Ordinal);

    /// <param name="aliases">Entries "alias=channel" (configuration lists them so on every host: an Azure app setting's
    /// name cannot hold the dash of "google-ads"), compared without case (channels are kept in lower case).</param>
    /// <exception cref="ArgumentException">An entry without "=", a blank name, or an alias that maps to another alias.</exception>
    public ChannelAliases(IEnumerable<string> aliases)
    {
        // An empty entry is an unused slot (the Bicep template writes five).
        foreach (var entry in aliases.Where(a => !string.IsNullOrEmpty(a)))
        {
            var separator = entry.IndexOf('=', StringComparison.Ordinal);
            var alias = separator < 0 ? entry : entry[..separator];
            var channel = separator < 0 ? string.Empty : entry[(separator + 1)..];
            if (string.IsNullOrWhiteSpace(alias) || string.IsNullOrWhiteSpace(channel))
            {
                throw new ArgumentException($"Lifecycle:ChannelAliases: '{entry}' is not 'alias=channel' (e.g. 'google-ads=google').");
            }

            _channels[alias.Trim().ToLowerInvariant()] = channel.Trim().ToLowerInvariant();
        }

        // A chain would depend on the order the aliases were read in; one step, stated in full, cannot.
        foreach (var (alias, channel) in _channels)
        {
            if (channel != alias && _channels.TryGetValue(channel, out var further) && further != channel)
            {
                throw new ArgumentException($"Lifecycle:ChannelAliases: '{alias}' maps to '{channel}', which is itself an alias (of '{further}'); map '{alias}' to the channel's own name.");
            }
        }
    }

    public int Count => _channels.Count;

    /// <summary>The channel's own name: its alias target, else the channel as given.</summary>
    public string Canonical(string channel) => _channels.TryGetValue(channel.ToLowerInvariant(), out var name) ? name : channel;
}
