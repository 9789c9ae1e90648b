using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ExtractApi.Jobs.Settings;

/// <summary>
/// The one way settings are read: one class per configuration section, bound from it and checked by
/// <see cref="SectionValidator{TSettings}"/> (no unknown keys in the section, data annotations and
/// <see cref="System.ComponentModel.DataAnnotations.IValidatableObject"/> rules), each failure naming the full key.
/// </summary>
public static class SettingsBinding
{
    /// <summary>Registers <typeparamref name="TSettings"/> bound from <paramref name="section"/> and validated when the host starts.</summary>
    public static OptionsBuilder<TSettings> AddSettings<TSettings>(this IServiceCollection services, string section) where TSettings : class
    {
        services.AddSingleton<IValidateOptions<TSettings>>(sp => new SectionValidator<TSettings>(sp.GetRequiredService<IConfiguration>().GetSection(section)));
        return services.AddOptions<TSettings>().BindConfiguration(section).ValidateOnStart();
    }

    /// <summary>
    /// The same binding and checks, now: for the few settings the host needs before its services exist (the server's
    /// role, the signing key, the local data folder). Throws <see cref="OptionsValidationException"/> naming the bad keys.
    /// </summary>
    public static TSettings Read<TSettings>(IConfiguration configuration, string section) where TSettings : class, new()
    {
        var configurationSection = configuration.GetSection(section);
        TSettings settings;
        try
        {
            settings = configurationSection.Get<TSettings>() ?? new TSettings();
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the key and the type it could not convert to.
            throw new OptionsValidationException(section, typeof(TSettings), [e.Message]);
        }
        var result = new SectionValidator<TSettings>(configurationSection).Validate(null, settings);
        return result.Failed ? throw new OptionsValidationException(section, typeof(TSettings), result.Failures) : settings;
    }
}
