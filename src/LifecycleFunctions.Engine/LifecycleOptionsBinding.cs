using LifecycleFunctions.Domain.Lifecycle;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.Engine;

/// <summary>
/// Binds the "Lifecycle" section. The configuration binder adds a list's items to the defaults already in it;
/// an event-name list that is configured replaces the defaults instead, as its row in docs/configuration.md says.
/// </summary>
public static class LifecycleOptionsBinding
{
    public static OptionsBuilder<LifecycleOptions> BindLifecycle(this OptionsBuilder<LifecycleOptions> options, IConfiguration configuration)
    {
        var section = configuration.GetSection(LifecycleOptions.Section);
        return options.Bind(section).PostConfigure(o =>
        {
            o.IdentificationEvents = Configured(section, nameof(LifecycleOptions.IdentificationEvents)) ?? o.IdentificationEvents;
            o.ReferralEvents = Configured(section, nameof(LifecycleOptions.ReferralEvents)) ?? o.ReferralEvents;
            o.ReviewEvents = Configured(section, nameof(LifecycleOptions.ReviewEvents)) ?? o.ReviewEvents;
            o.NpsEvents = Configured(section, nameof(LifecycleOptions.NpsEvents)) ?? o.NpsEvents;
        });
    }

    private static List<string>? Configured(IConfigurationSection section, string list)
    {
        var items = section.GetSection(list);
        return items.Exists() ? items.GetChildren().Select(c => c.Value).OfType<string>().ToList() : null;
    }
}
