using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Grains.Configuration;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// Every validated setting of the Edge and the grains, found by reflection — so a class added later and never validated
/// at start fails here: any one of its settings out of range or missing, and the Edge does not start, and says which setting.
/// </summary>
public sealed partial class SettingValidationTests
{
    public static TheoryData<string, string, string> EveryValidatedSetting() => new(ValidatedSettings());

    [Fact]
    public void TheReflection_FindsTheSettingsClasses()
    {
        Assert.True(ValidatedSettings().Select(s => s.Item1).Distinct().Count() >= 10, "fewer than ten settings classes found; has the reflection lost some?");
    }

    [Fact]
    public void NoSettingIsBoundedByARangeAttributeThatParsesItsBounds()
    {
        // RangeAttribute converts bounds given as text on first use, unlocked; two Edges starting in one process could
        // race it into an InvalidCastException (DurationRangeAttribute says more). Only int and double bounds need no
        // converting.
        var parsed = SettingsProperties()
            .Where(property => property.GetCustomAttributes<RangeAttribute>().Any(range => range.Minimum is not (int or double)))
            .Select(property => $"{property.DeclaringType!.Name}.{property.Name}");

        Assert.Empty(parsed);
    }

    [Theory]
    [MemberData(nameof(EveryValidatedSetting))]
    public async Task ASettingOutOfItsRangeOrMissing_StopsTheStart_NamingTheSetting(string settingsClass, string key, string badValue)
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { [key] = badValue });

        var error = Assert.ThrowsAny<Exception>(app.StartServer);

        Assert.True(error.ToString().Contains(key + " ", StringComparison.Ordinal), $"{settingsClass}: {key}={badValue} started, or failed without naming it: {error.Message}");
    }

    [Fact]
    public async Task ALedgerGatherLimitUnderAMillisecond_StopsTheStart_RatherThanSilentlyWaitNotAtAll()
    {
        await using var app = new EdgeApplication(new Dictionary<string, string?> { ["Inventory:LedgerGatherLimit"] = "00:00:00.0005" });

        var error = Assert.ThrowsAny<Exception>(app.StartServer);

        Assert.Contains("Inventory:LedgerGatherLimit must be zero or at least 1 ms (was 0.5 ms)", error.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Each setting that names itself in its validation message ("Section:Key must be…", "… is required"), with a value that breaks the rule.</summary>
    private static IEnumerable<(string, string, string)> ValidatedSettings()
    {
        foreach (var property in SettingsProperties())
        {
            var rules = property.GetCustomAttributes<ValidationAttribute>().ToList();
            var key = rules.Select(r => SettingName().Match(r.ErrorMessage ?? "")).FirstOrDefault(m => m.Success)?.Value;
            if (key is null)
            {
                continue;
            }

            yield return (property.DeclaringType!.Name, key, rules.FirstOrDefault(r => r is RangeAttribute or DurationRangeAttribute) switch
            {
                DurationRangeAttribute duration => (duration.Maximum + TimeSpan.FromDays(1)).ToString("c"),
                RangeAttribute range => (Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture) - 1).ToString(CultureInfo.InvariantCulture),
                _ => "", // a required setting, left empty
            });
        }
    }

    private static IEnumerable<PropertyInfo> SettingsProperties() => new[] { typeof(AuthOptions).Assembly, typeof(LiveRoomOptions).Assembly }
        .SelectMany(assembly => assembly.GetTypes())
        .SelectMany(type => type.GetProperties(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly));

    [GeneratedRegex(@"^[A-Z][A-Za-z]+:[A-Z][A-Za-z]+(?= )")]
    private static partial Regex SettingName();
}
