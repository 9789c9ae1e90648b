using System.Collections;
using System.ComponentModel.DataAnnotations;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace ExtractApi.Jobs.Settings;

/// <summary>
/// Checks a settings section: every key in it must be a property of <typeparamref name="TSettings"/> (so a misspelled
/// key stops the server instead of silently leaving the default), and the bound values must pass the class's data
/// annotations and <see cref="IValidatableObject"/> rules. Each failure names the full key, e.g. <c>Engine:Concurrency</c>.
/// </summary>
/// <remarks>
/// Only keys inside a known section can be checked: the configuration root also holds environment variables and host
/// settings, so an unknown top-level section is not an error.
/// </remarks>
public sealed class SectionValidator<TSettings>(IConfigurationSection section) : IValidateOptions<TSettings> where TSettings : class
{
    public ValidateOptionsResult Validate(string? name, TSettings options)
    {
        var failures = UnknownKeys(section, typeof(TSettings)).ToList();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            foreach (var result in results)
            {
                var members = result.MemberNames.Any() ? string.Join(", ", result.MemberNames.Select(m => $"{section.Path}:{m}")) : section.Path;
                failures.Add($"{members}: {result.ErrorMessage}");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> UnknownKeys(IConfigurationSection section, Type type)
    {
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } || IsNested(p.PropertyType))
            .ToDictionary(p => p.Name, StringComparer.OrdinalIgnoreCase);
        foreach (var child in section.GetChildren())
        {
            if (!properties.TryGetValue(child.Key, out var property))
            {
                yield return $"{child.Path} is not a setting: {section.Path} has {string.Join(", ", properties.Keys.Order(StringComparer.Ordinal))}.";
            }
            else if (IsNested(property.PropertyType))
            {
                foreach (var unknown in UnknownKeys(child, property.PropertyType)) yield return unknown;
            }
        }
    }

    private static bool IsNested(Type type) => type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type);
}
