using Orchestrator.Controllers.Cloud.Local;
using AkkaConfig = Akka.Configuration.Config;

namespace Orchestrator.Controllers.Cloud.Provider;

/// <summary>
/// Makes the provider orchestrator.cloud.provider names (cloud-controller-manager's --cloud-provider): "local",
/// or the assembly-qualified name of a type implementing <see cref="ICloudProvider"/>, made with its
/// (Config cloud) constructor, or else its parameterless one.
/// </summary>
public static class CloudProviders
{
    public static ICloudProvider Create(string provider, AkkaConfig cloud)
    {
        ArgumentException.ThrowIfNullOrEmpty(provider);
        ArgumentNullException.ThrowIfNull(cloud);
        if (provider == LocalCloudProvider.Name)
        {
            return new LocalCloudProvider(cloud);
        }

        var type = Type.GetType(provider, throwOnError: false)
            ?? throw new Akka.Configuration.ConfigurationException($"orchestrator.cloud.provider: no type \"{provider}\" (\"local\", or an assembly-qualified type name)");
        if (!typeof(ICloudProvider).IsAssignableFrom(type))
        {
            throw new Akka.Configuration.ConfigurationException($"orchestrator.cloud.provider: {type.FullName} does not implement {nameof(ICloudProvider)}");
        }

        var instance = type.GetConstructor([typeof(AkkaConfig)]) is { } withConfig
            ? withConfig.Invoke([cloud])
            : type.GetConstructor(Type.EmptyTypes)?.Invoke([])
                ?? throw new Akka.Configuration.ConfigurationException($"orchestrator.cloud.provider: {type.FullName} has no public constructor taking a Config or nothing");
        return (ICloudProvider)instance;
    }
}
