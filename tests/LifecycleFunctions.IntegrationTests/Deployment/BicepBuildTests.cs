using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LifecycleFunctions.App.Hosting;
using LifecycleFunctions.IntegrationTests.Infrastructure;
using LifecycleFunctions.App.Functions;
using LifecycleFunctions.Storage;
using LifecycleFunctions.Storage.Messaging;

namespace LifecycleFunctions.IntegrationTests.Deployment;

/// <summary>
/// infra/main.bicep builds with the Bicep CLI without errors or warnings, and the ARM template it compiles to
/// deploys what the app needs: a Flex Consumption custom-handler app, identity-only storage, every setting the
/// app reads, and secrets only as Key Vault references.
/// </summary>
public sealed partial class BicepBuildTests(CompiledBicep bicep) : IClassFixture<CompiledBicep>
{
    /// <summary>Every app setting the app (or the Functions host on its behalf) reads in Azure.</summary>
    public static TheoryData<string> SettingsTheAppReads =>
    [
        "AzureWebJobsStorage__accountName",
        "AzureWebJobsStorage__blobServiceUri",
        "AzureWebJobsStorage__queueServiceUri",
        "AzureWebJobsStorage__tableServiceUri",
        "AzureWebJobsStorage__credential",
        "AzureWebJobsStorage__clientId",
        "Collect__WriteKeys__0",
        "Collect__WriteKeys__1",
        "Reports__FunctionKey",
        "Lifecycle__LapseWindowDays",
        "Lifecycle__LoyaltyOrders",
        "Lifecycle__Schedule",
        "Lifecycle__ChannelAliases__0",
        "AzureFunctionsJobHost__extensions__queues__maxDequeueCount",
        "APPLICATIONINSIGHTS_CONNECTION_STRING",
        "APPLICATIONINSIGHTS_AUTHENTICATION_STRING",
        "ServiceBus__FullyQualifiedNamespace",
        "ServiceBus__Topic",
        "ServiceBus__Credential",
        "ServiceBus__ClientId",
        "AzureWebJobs.PublishStageChanges.Disabled",
    ];

    private static readonly string[] SecretParameters = ["collectWriteKey0", "collectWriteKey1", "reportsFunctionKey"];

    [Fact]
    public void Build_MainBicep_ExitsZeroWithoutErrorsOrWarnings()
    {
        Assert.True(bicep.ExitCode == 0, $"bicep build exited {bicep.ExitCode}:\n{bicep.Stderr}");
        Assert.True(string.IsNullOrWhiteSpace(bicep.Stderr), $"bicep build reported diagnostics:\n{bicep.Stderr}");
        Assert.Equal("subscription", SchemaScope(bicep.Template));
    }

    [Fact]
    public void StorageAccount_InCompiledTemplate_AllowsOnlyIdentityAccessOverTls12()
    {
        var properties = Properties(bicep.Resource("Microsoft.Storage/storageAccounts"));

        Assert.False((bool?)properties["allowSharedKeyAccess"] ?? true, "allowSharedKeyAccess must be false");
        Assert.False((bool?)properties["allowBlobPublicAccess"] ?? true, "allowBlobPublicAccess must be false");
        Assert.Equal("TLS1_2", (string?)properties["minimumTlsVersion"]);
        Assert.True((bool?)properties["supportsHttpsTrafficOnly"]);
    }

    [Fact]
    public void StorageAccount_InCompiledTemplate_CreatesEveryTableQueueAndContainerTheAppOwns()
    {
        var variables = bicep.Template["variables"]!;
        // Storage queues the app's declared functions read, and the ones the app writes without a trigger.
        var queues = FunctionCatalog.Load().Declarations
            .SelectMany(d => d.Bindings)
            .Where(b => b.Type.StartsWith("queue", StringComparison.OrdinalIgnoreCase) && b.QueueName is not null)
            .Select(b => b.QueueName!)
            .Concat(StorageNames.OutputQueues)
            .ToHashSet(StringComparer.Ordinal);

        Assert.Subset(Strings(variables["appQueues"]), queues);
        Assert.Subset(Strings(variables["appTables"]), StorageNames.Tables.ToHashSet(StringComparer.Ordinal));
        // Exactly the app's: a container nothing uses is a question for whoever reads the template.
        Assert.Equal(StorageNames.Containers.Order(StringComparer.Ordinal), Strings(variables["appContainers"]).Order(StringComparer.Ordinal));
        foreach (var type in new[] { "queueServices/queues", "tableServices/tables", "blobServices/containers" })
        {
            Assert.Contains(bicep.AllResources(), r => string.Equals((string?)r["type"], $"Microsoft.Storage/storageAccounts/{type}", StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public void FunctionApp_InCompiledTemplate_RunsOnFlexConsumptionWithCustomRuntime()
    {
        var plan = bicep.Resource("Microsoft.Web/serverfarms");
        var site = bicep.Resource("Microsoft.Web/sites");
        var config = Properties(site)["functionAppConfig"]!;

        Assert.Equal("FC1", (string?)plan["sku"]?["name"]);
        Assert.Equal("FlexConsumption", (string?)plan["sku"]?["tier"]);
        Assert.True((bool?)Properties(plan)["reserved"], "a Flex Consumption plan is Linux (reserved: true)");
        Assert.Equal("functionapp,linux", (string?)site["kind"]);
        Assert.Equal("custom", (string?)config["runtime"]?["name"]);
        Assert.Equal("blobContainer", (string?)config["deployment"]?["storage"]?["type"]);
        Assert.Equal("UserAssignedIdentity", (string?)config["deployment"]?["storage"]?["authentication"]?["type"]);
        Assert.NotNull(config["scaleAndConcurrency"]?["maximumInstanceCount"]);
        Assert.NotNull(config["scaleAndConcurrency"]?["instanceMemoryMB"]);
    }

    [Fact]
    public void FunctionApp_InCompiledTemplate_AnswersBrowserPreflightsWithPlatformCors()
    {
        var cors = Properties(bicep.Resource("Microsoft.Web/sites"))["siteConfig"]?["cors"];

        Assert.NotNull(cors?["allowedOrigins"]);
        Assert.False((bool?)cors!["supportCredentials"]);
        var parameter = bicep.Template["parameters"]?["collectAllowedOrigins"];
        Assert.Equal("*", (string?)Assert.Single((parameter?["defaultValue"] as JsonArray) ?? []));
    }

    [Fact]
    public void FunctionApp_InCompiledTemplate_RunsAsItsUserAssignedIdentityEverywhere()
    {
        var site = bicep.Resource("Microsoft.Web/sites");

        Assert.Equal("UserAssigned", (string?)site["identity"]?["type"]);
        Assert.Equal("[parameters('identityId')]", (string?)Properties(site)["keyVaultReferenceIdentity"]);
        Assert.Equal("managedidentity", AppSetting("AzureWebJobsStorage__credential"));
        Assert.Equal("[parameters('identityClientId')]", AppSetting("AzureWebJobsStorage__clientId"));
        Assert.Contains("Authorization=AAD", AppSetting("APPLICATIONINSIGHTS_AUTHENTICATION_STRING"), StringComparison.Ordinal);
        Assert.True((bool?)Properties(bicep.Resource("Microsoft.Insights/components"))["DisableLocalAuth"]);
    }

    [Theory]
    [MemberData(nameof(SettingsTheAppReads))]
    public void FunctionApp_AppSettings_IncludeEverySettingTheAppReads(string name)
    {
        Assert.Contains(name, AppSettings().Keys);
    }

    [Fact]
    public void FunctionApp_AppSettings_OmitAzuriteOnlyAndFlexRefusedSettings()
    {
        var names = AppSettings().Keys;

        Assert.DoesNotContain("Storage__ConnectionString", names);
        // Identity-based: the host's storage is never a connection string with a key.
        Assert.DoesNotContain("AzureWebJobsStorage", names);
        // Flex Consumption takes the runtime from functionAppConfig and refuses these.
        Assert.DoesNotContain("FUNCTIONS_WORKER_RUNTIME", names);
        Assert.DoesNotContain("FUNCTIONS_EXTENSION_VERSION", names);
        Assert.DoesNotContain("WEBSITE_RUN_FROM_PACKAGE", names);
    }

    [Fact]
    public void FunctionApp_SecretSettings_AreKeyVaultReferences()
    {
        var vaultOutputs = bicep.AllTemplates()
            .Select(t => t["outputs"] as JsonObject)
            .Single(o => o?.ContainsKey("writeKey0Reference") == true)!;

        Assert.Equal("[parameters('writeKey0Reference')]", AppSetting("Collect__WriteKeys__0"));
        Assert.Equal("[parameters('writeKey1Reference')]", AppSetting("Collect__WriteKeys__1"));
        Assert.Equal("[parameters('reportsFunctionKeyReference')]", AppSetting("Reports__FunctionKey"));
        foreach (var output in new[] { "writeKey0Reference", "writeKey1Reference", "reportsFunctionKeyReference" })
        {
            var value = (string?)vaultOutputs[output]?["value"];
            Assert.Contains("@Microsoft.KeyVault(SecretUri=", value, StringComparison.Ordinal);
            Assert.Contains(".secretUri", value, StringComparison.Ordinal);
        }

        Assert.True((bool?)Properties(bicep.Resource("Microsoft.KeyVault/vaults"))["enableRbacAuthorization"], "Key Vault in RBAC mode");
    }

    [Fact]
    public void SecretParameters_InCompiledTemplate_AreSecureWithoutCommittedValues()
    {
        var parameters = bicep.Template["parameters"]!.AsObject();

        foreach (var name in SecretParameters)
        {
            var parameter = parameters[name];
            Assert.True(parameter is not null, $"parameter {name} is missing");
            Assert.Equal("securestring", (string?)parameter["type"]);
            var defaultValue = parameter["defaultValue"];
            Assert.True(defaultValue is null || (string?)defaultValue == string.Empty, $"{name} has a committed default value");
        }
    }

    [Fact]
    public void ParametersFile_EveryValue_IsAnEnvironmentPlaceholder()
    {
        var file = Path.Combine(bicep.RepositoryRoot, "infra", "main.parameters.json");
        var parameters = JsonNode.Parse(File.ReadAllText(file))!["parameters"]!.AsObject();

        foreach (var (name, parameter) in parameters)
        {
            var value = parameter?["value"];
            Assert.True(
                value is JsonValue v && v.TryGetValue<string>(out var text) && EnvironmentPlaceholder().IsMatch(text),
                $"{name} in main.parameters.json is {value?.ToJsonString()}, not an azd ${{VARIABLE}} placeholder");
        }

        foreach (var name in SecretParameters)
        {
            Assert.True(parameters.ContainsKey(name), $"{name} is not mapped to an environment variable in main.parameters.json");
        }
    }

    [Fact]
    public void DeploymentFiles_AndCompiledTemplate_HoldNoKeysOrConnectionStrings()
    {
        var files = Directory.EnumerateFiles(Path.Combine(bicep.RepositoryRoot, "infra"), "*", SearchOption.AllDirectories)
            .Append(Path.Combine(bicep.RepositoryRoot, "azure.yaml"))
            .Select(f => (Name: Path.GetRelativePath(bicep.RepositoryRoot, f), Text: File.ReadAllText(f)))
            .Append(("compiled main.json", bicep.Stdout));

        foreach (var (name, text) in files)
        {
            Assert.DoesNotMatch(SecretLooking(), text);
            Assert.False(text.Contains("listKeys(", StringComparison.OrdinalIgnoreCase), $"{name} reads account keys");
            Assert.False(text.Contains("listConnectionStrings(", StringComparison.OrdinalIgnoreCase), $"{name} reads connection strings");
        }
    }

    [Fact]
    public void FunctionApp_Tags_MatchTheAzdServiceInAzureYaml()
    {
        var site = bicep.Resource("Microsoft.Web/sites");
        var azureYaml = File.ReadAllText(Path.Combine(bicep.RepositoryRoot, "azure.yaml"));

        Assert.Contains("'azd-service-name'", (string?)site["tags"], StringComparison.Ordinal);
        Assert.Equal("api", (string?)bicep.Module("api")["properties"]?["parameters"]?["serviceName"]?["value"]);
        Assert.Matches(new Regex(@"^services:\s*\n\s+api:\s*\n(\s{4,}.*\n)*?\s+host:\s*function\s*$", RegexOptions.Multiline), azureYaml);
        Assert.Contains("azd-env-name", bicep.Template["variables"]?["tags"]?.AsObject().Select(p => p.Key) ?? [], StringComparer.Ordinal);
    }

    [Fact]
    public void RoleAssignments_ForTheAppIdentity_GrantDataRolesOnly()
    {
        var roles = bicep.AllTemplates()
            .Select(t => t["variables"]?["roles"] as JsonObject)
            .Single(r => r is not null)!
            .ToDictionary(p => p.Key, p => (string?)p.Value, StringComparer.Ordinal);

        Assert.Equal("b7e6dc6d-f1e8-4753-8033-0f276bb0955b", roles["storageBlobDataOwner"]);
        Assert.Equal("974c5e8b-45b9-4653-ba55-5f855dd0fb88", roles["storageQueueDataContributor"]);
        Assert.Equal("0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3", roles["storageTableDataContributor"]);
        Assert.Equal("4f6d3b9b-027b-4f4c-9142-0e5a2a2247e0", roles["serviceBusDataReceiver"]);
        Assert.Equal("69a216fc-b8fb-44d8-bc22-1f3c2cd27a39", roles["serviceBusDataSender"]);
        Assert.Equal("4633458b-17de-408a-b874-0445c86b69e6", roles["keyVaultSecretsUser"]);
        // Storage Account Contributor (control plane, can list keys) is not handed out.
        Assert.DoesNotContain("17d1049b-9a84-46fb-8f53-869881c3d3ab", bicep.Stdout, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void ServiceBus_WhenEnabled_CreatesThePurchaseQueueAndStageChangeTopic()
    {
        var module = bicep.Module("servicebus");
        var parameters = module["properties"]?["parameters"];

        Assert.Equal("[parameters('useServiceBus')]", (string?)module["condition"]);
        Assert.False((bool?)bicep.Template["parameters"]?["useServiceBus"]?["defaultValue"] ?? true, "useServiceBus defaults to false");
        Assert.Equal("purchase-events", (string?)parameters?["queueName"]?["value"]);
        Assert.Equal("stage-changes", (string?)parameters?["topicName"]?["value"]);
        Assert.True((bool?)Properties(bicep.Resource("Microsoft.ServiceBus/namespaces"))["disableLocalAuth"]);
        Assert.Single(bicep.AllResources(), r => (string?)r["type"] == "Microsoft.ServiceBus/namespaces/queues");
        Assert.Single(bicep.AllResources(), r => (string?)r["type"] == "Microsoft.ServiceBus/namespaces/topics");

        // A topic without a subscription drops what it is sent: one per consumer, by default marketing automation's,
        // and one for reactivations only, filtered on the message's application property.
        Assert.Equal(2, bicep.AllResources().Count(r => (string?)r["type"] == "Microsoft.ServiceBus/namespaces/topics/subscriptions"));
        Assert.Equal("marketing-automation", (string?)bicep.Template["parameters"]?["stageChangeSubscriptions"]?["defaultValue"]?[0]);
        Assert.Equal("reactivations", (string?)bicep.Template["parameters"]?["reactivationSubscription"]?["defaultValue"]);
        var rule = Properties(bicep.Resource("Microsoft.ServiceBus/namespaces/topics/subscriptions/rules"));
        Assert.Equal("SqlFilter", (string?)rule["filterType"]);
        Assert.Equal($"{StageChangeMessage.ReactivationProperty} = TRUE", (string?)rule["sqlFilter"]?["sqlExpression"]);
    }

    [Fact]
    public void ServiceBusTopic_WhenEnabled_DropsARerunsCopiesByMessageId()
    {
        var topic = Properties(bicep.Resource("Microsoft.ServiceBus/namespaces/topics"));

        Assert.True((bool?)topic["requiresDuplicateDetection"]);
        Assert.Equal("P1D", (string?)bicep.Module("servicebus")["properties"]?["template"]?["parameters"]?["duplicateDetectionWindow"]?["defaultValue"]);
    }

    [Fact]
    public void FunctionApp_AppSettings_PublishStageChangesToTheTopicWithTheAppIdentityOnlyWithServiceBus()
    {
        var topic = (string?)bicep.Module("servicebus")["properties"]?["parameters"]?["topicName"]?["value"];

        Assert.Equal("[parameters('serviceBusFullyQualifiedNamespace')]", AppSetting("ServiceBus__FullyQualifiedNamespace"));
        Assert.Equal("[parameters('serviceBusTopicName')]", AppSetting("ServiceBus__Topic"));
        Assert.Equal(topic, (string?)bicep.Module("api")["properties"]?["parameters"]?["serviceBusTopicName"]?["value"]);
        Assert.Contains("managedidentity", AppSetting("ServiceBus__Credential"), StringComparison.Ordinal);
        Assert.Contains("identityClientId", AppSetting("ServiceBus__ClientId"), StringComparison.Ordinal);
        // Off, through the setting the Functions host honours, when the namespace is not there.
        Assert.Equal("[if(empty(parameters('serviceBusFullyQualifiedNamespace')), 'true', 'false')]", AppSetting(FunctionSwitch.SettingName(nameof(PublishStageChanges))));
        // The identity may send: Azure Service Bus Data Sender on the namespace.
        Assert.Contains(bicep.AllTemplates(), t => t["variables"]?["appServiceBusRoles"] is JsonArray roles && roles.Any(r => ((string?)r)?.Contains("serviceBusDataSender", StringComparison.Ordinal) == true));
    }

    [Fact]
    public void Parameters_ForTheLifecycleModel_DefaultToTheProductThresholds()
    {
        var parameters = bicep.Template["parameters"]!;

        Assert.Equal(90, (int?)parameters["lapseWindowDays"]?["defaultValue"]);
        Assert.Equal(4, (int?)parameters["loyaltyOrders"]?["defaultValue"]);
        Assert.Equal("0 0 2 * * *", (string?)parameters["lifecycleSchedule"]?["defaultValue"]);
        Assert.Equal(5, (int?)parameters["queueMaxDequeueCount"]?["defaultValue"]);
    }

    [Theory]
    [InlineData("FUNCTION_APP_NAME", "outputs.name.value")]
    [InlineData("FUNCTION_APP_URL", "outputs.baseUrl.value")]
    [InlineData("SEGMENT_ENDPOINT_URL", "/v1")]
    [InlineData("REPORTS_URL", "/api/reports/funnel")]
    [InlineData("STORAGE_ACCOUNT_NAME", "outputs.name.value")]
    [InlineData("SERVICE_API_NAME", "outputs.name.value")]
    public void Outputs_OfMainTemplate_NameTheAppAndItsEndpoints(string output, string expectedFragment)
    {
        var value = (string?)bicep.Template["outputs"]?[output]?["value"];

        Assert.NotNull(value);
        Assert.Contains(expectedFragment, value, StringComparison.Ordinal);
    }

    private Dictionary<string, string?> AppSettings()
    {
        var settings = Properties(bicep.Resource("Microsoft.Web/sites"))["siteConfig"]?["appSettings"] as JsonArray;
        Assert.True(settings is not null, "siteConfig.appSettings is not a literal array in the compiled template");
        return settings.OfType<JsonObject>().ToDictionary(s => (string)s["name"]!, s => (string?)s["value"], StringComparer.Ordinal);
    }

    private string? AppSetting(string name) => AppSettings()[name];

    private static JsonNode Properties(JsonObject resource) => resource["properties"] ?? new JsonObject();

    private static HashSet<string> Strings(JsonNode? array) =>
        array is JsonArray items ? items.Select(i => (string)i!).ToHashSet(StringComparer.Ordinal) : [];

    private static string SchemaScope(JsonObject template) =>
        ((string?)template["$schema"])?.Contains("subscriptionDeploymentTemplate", StringComparison.Ordinal) == true ? "subscription" : "other";

    /// <summary>azd substitutes ${NAME} or ${NAME=default} from the environment when it provisions.</summary>
    [GeneratedRegex(@"^\$\{[A-Z][A-Z0-9_]*(=[^}]*)?\}$")]
    private static partial Regex EnvironmentPlaceholder();

    /// <summary>Account keys, SAS signatures and key-bearing connection strings.</summary>
    [GeneratedRegex(@"(AccountKey|SharedAccessKey|SharedAccessSignature|InstrumentationKey)\s*=\s*[A-Za-z0-9+/]{8,}|[?&]sig=[A-Za-z0-9%+/]{8,}")]
    private static partial Regex SecretLooking();
}
