using LifecycleFunctions.Domain.Lifecycle;
using LifecycleFunctions.Engine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LifecycleFunctions.IntegrationTests.Hosting;

public sealed class LifecycleOptionsBindingTests
{
    [Fact]
    public void BindLifecycle_WithConfiguredEventNames_ReplacesThatListsDefaultsOnly()
    {
        var options = Bind(new Dictionary<string, string?>
        {
            ["Lifecycle:ReferralEvents:0"] = "Invite Accepted",
            ["Lifecycle:ReferralEvents:1"] = "Coupon Shared",
            ["Lifecycle:LapseWindowDays"] = "60",
        });

        Assert.Equal(["Invite Accepted", "Coupon Shared"], options.ReferralEvents);
        Assert.Equal(new LifecycleOptions().ReviewEvents, options.ReviewEvents);
        Assert.Equal(60, options.LapseWindowDays);
    }

    [Fact]
    public void BindLifecycle_WithNothingConfigured_KeepsEveryDefault()
    {
        var options = Bind([]);

        Assert.Equal(new LifecycleOptions().IdentificationEvents, options.IdentificationEvents);
        Assert.Equal(new LifecycleOptions().NpsEvents, options.NpsEvents);
    }

    private static LifecycleOptions Bind(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddOptions<LifecycleOptions>().BindLifecycle(configuration);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<LifecycleOptions>>().Value;
    }
}
