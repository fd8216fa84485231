using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using PrivateDomain.Realtime.Edge.Auth;
using PrivateDomain.Realtime.Grains.Live;
using PrivateDomain.Realtime.Silo.Demo;
using PrivateDomain.Realtime.Silo.Extensions;
using PrivateDomain.Realtime.TestSupport;

namespace PrivateDomain.Realtime.Edge.Tests.Apis;

/// <summary>
/// <c>docs/operations.md</c> is where operators look a setting up, so its Settings table must name every setting the
/// Edge and the grains bind, with the default the code has. Found by reflection over the settings classes (each has a
/// <c>Section</c> constant), so a setting added, renamed or given a new default without the docs fails here. The host's
/// own settings are the README's.
/// </summary>
public sealed partial class SettingDocsTests
{
    /// <summary>Bound, but not settings of their own: each is overwritten at start from another setting, which is documented.</summary>
    private static readonly HashSet<string> Derived = new(StringComparer.Ordinal)
    {
        "LiveRooms:HoldGrace", // Orders:ConfirmGrace
    };

    private static readonly Lazy<IReadOnlyDictionary<string, string?>> Documented = new(DocumentedSettings);

    public static TheoryData<string> EverySetting() => new(Settings().Select(s => s.Key));

    [Fact]
    public void TheReflection_FindsTheSettingsClasses()
    {
        Assert.True(Settings().Select(s => s.Property.DeclaringType).Distinct().Count() >= 12, "fewer than twelve settings classes found; has the reflection lost some?");
    }

    [Theory]
    [MemberData(nameof(EverySetting))]
    public void EverySetting_IsInTheOperationsDocs_WithTheCodesDefault(string key)
    {
        var (_, property, defaults) = Settings().Single(s => s.Key == key);
        Assert.True(Documented.Value.TryGetValue(key, out var documented), $"{key} is not in docs/operations.md's Settings table");

        if (documented is null)
        {
            return; // the row describes the default in words (a list in appsettings.json, say)
        }

        var value = property.GetValue(defaults);
        Assert.True(SameValue(documented, value), $"docs/operations.md gives {key} the default '{documented}', the code {Describe(value)}");
    }

    /// <summary>The host's own settings (which mode, which storage, which ports) are read by hand, and the README's table gives them.</summary>
    [Fact]
    public void EveryHostSetting_IsInTheReadme()
    {
        var readme = RepositoryFiles.ReadAllText("README.md");
        var keys = typeof(RealtimeSettings).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(field => field.IsLiteral && field.Name.EndsWith("Key", StringComparison.Ordinal))
            .Select(field => (string)field.GetRawConstantValue()!)
            .Append($"{DemoOptions.Section}:{nameof(DemoOptions.Enabled)}")
            .ToList();

        Assert.True(keys.Count >= 12, "fewer than twelve host settings found; has the reflection lost some?");
        Assert.Empty(keys.Where(key => !readme.Contains($"`{key}`", StringComparison.Ordinal)).Order());
    }

    [Fact]
    public void EveryDocumentedSetting_IsBound()
    {
        var bound = Settings().Select(s => s.Key).Concat(Derived).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(Documented.Value.Keys.Where(key => !bound.Contains(key)).Order());
    }

    private static IEnumerable<(string Key, PropertyInfo Property, object Defaults)> Settings() =>
        new[] { typeof(AuthOptions).Assembly, typeof(LiveRoomOptions).Assembly }
            .SelectMany(assembly => assembly.GetTypes())
            .Select(type => (Type: type, Section: type.GetField("Section", BindingFlags.Public | BindingFlags.Static)))
            .Where(t => t.Section is { IsLiteral: true } && t.Section.FieldType == typeof(string))
            .SelectMany(t =>
            {
                var defaults = Activator.CreateInstance(t.Type)!;
                return t.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                    .Where(property => property.SetMethod is { IsPublic: true })
                    .Select(property => (Key: $"{t.Section!.GetRawConstantValue()}:{property.Name}", Property: property, Defaults: defaults));
            })
            .Where(s => !Derived.Contains(s.Key));

    /// <summary>
    /// Each setting of the Settings table with its default as written, or null where the row gives it in words. A row
    /// may name several settings of one section (<c>`Section:A` / `B`</c>) with their defaults in the same order.
    /// </summary>
    private static Dictionary<string, string?> DocumentedSettings()
    {
        var docs = RepositoryFiles.ReadAllText("docs", "operations.md");
        var start = docs.IndexOf("\n## Settings", StringComparison.Ordinal);
        Assert.True(start >= 0, "docs/operations.md has no Settings section");
        var end = docs.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var row in docs[start..end].Split('\n').Where(line => line.StartsWith("| `", StringComparison.Ordinal)))
        {
            var cells = row.Split(" | ");
            var names = Quoted().Matches(cells[0]).Select(m => m.Groups[1].Value).ToList();
            var defaults = Quoted().Matches(cells[1]).Select(m => m.Groups[1].Value).ToList();
            var section = "";
            for (var i = 0; i < names.Count; i++)
            {
                var name = names[i];
                if (name.Contains(':', StringComparison.Ordinal))
                {
                    section = name[..name.IndexOf(':', StringComparison.Ordinal)];
                }
                else
                {
                    name = $"{section}:{name}";
                }

                settings[name] = defaults.Count == names.Count ? defaults[i] : null;
            }
        }

        return settings;
    }

    private static bool SameValue(string documented, object? value) => value switch
    {
        null => documented is "unset" or "none",
        TimeSpan span => TimeSpan.TryParse(documented, CultureInfo.InvariantCulture, out var parsed) && parsed == span,
        bool flag => bool.TryParse(documented, out var parsed) && parsed == flag,
        string text => documented == text,
        IConvertible number => double.TryParse(documented, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed)
            && parsed == Convert.ToDouble(number, CultureInfo.InvariantCulture),
        _ => true, // a list: the row names it, its items are in appsettings.json
    };

    private static string Describe(object? value) => value switch
    {
        null => "none",
        TimeSpan span => span.ToString("c", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    [GeneratedRegex("`([^`]+)`")]
    private static partial Regex Quoted();
}
