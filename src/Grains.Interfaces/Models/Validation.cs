using System.Buffers;
using System.Runtime.CompilerServices;

namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>
/// Field-level rules shared by the Edge (which answers 400 with the field errors) and the grains
/// (which refuse the same input again, so no caller can bypass the Edge and store bad data).
/// </summary>
public sealed class Validation
{
    public const int MaxIdLength = 100;
    public const int MaxNameLength = 200;

    /// <summary>
    /// The longest id the system names from one or two ids of a client's (an order's reservation <c>{orderId}.{line}</c>,
    /// a flash sale's <c>{roomId}.sale.{saleId}.{attempt}</c>, a PK's award <c>pk:{pkId}</c>, a dropped coupon
    /// <c>drop:{roomId}:{dropId}</c>): longer than any id a client sends.
    /// </summary>
    public const int MaxSystemIdLength = 2 * MaxIdLength + 32;

    // '@' is left out on purpose: it separates SKU and region in pool keys.
    private static readonly SearchValues<char> IdCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.:");

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool IsValid => _errors.Count == 0;

    public IReadOnlyDictionary<string, string[]> Errors =>
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    public Validation Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
        return this;
    }

    public Validation Require(bool condition, string field, string message) =>
        condition ? this : Add(field, message);

    /// <summary>As <see cref="Require(bool, string, string)"/>, with the message formatted only when the rule fails.</summary>
    public Validation Require(bool condition, string field, [InterpolatedStringHandlerArgument(nameof(condition))] ref ValidationMessageHandler message) =>
        condition ? this : Add(field, message.ToStringAndClear());

    public Validation RequireId(string? value, string field, int maxLength = MaxIdLength) =>
        Require(IsValidId(value, maxLength), field, $"{field} is required: 1-{maxLength} characters of letters, digits, '-', '_', '.' or ':'.");

    public Validation RequireName(string? value, string field) =>
        Require(!string.IsNullOrWhiteSpace(value) && value.Length <= MaxNameLength && IsPlainText(value), field,
            $"{field} is required: at most {MaxNameLength} characters, none of them control or text-direction characters.");

    /// <summary>Optional text (absent is fine): at most <paramref name="maxLength"/> characters, plain text.</summary>
    public Validation RequirePlainText(string? value, string field, int maxLength) =>
        Require(value is null || (value.Length <= maxLength && IsPlainText(value)), field,
            $"{field} is at most {maxLength} characters, none of them control or text-direction characters.");

    /// <summary>A store's stock count: 0 to <see cref="StoreCount.MaxOnHand"/>.</summary>
    public Validation RequireOnHand(long? onHand) =>
        Require(onHand is >= 0 and <= StoreCount.MaxOnHand, "onHand", "onHand is required, between 0 and 1,000,000,000.");

    /// <summary>A stock adjustment: non-zero, at most <see cref="StoreCount.MaxAdjustment"/> either way.</summary>
    public Validation RequireAdjustment(long? delta) =>
        Require(delta is not (null or 0) and >= -StoreCount.MaxAdjustment and <= StoreCount.MaxAdjustment, "delta",
            "delta is required, non-zero and at most 1,000,000 either way.");

    public Validation RequirePosition(double latitude, double longitude, string latitudeField = "latitude", string longitudeField = "longitude") =>
        Require(double.IsFinite(latitude) && latitude is >= -90 and <= 90, latitudeField, "latitude must be between -90 and 90.")
        .Require(double.IsFinite(longitude) && longitude is >= -180 and <= 180, longitudeField, "longitude must be between -180 and 180.");

    /// <summary>Throws <see cref="DomainException"/> (400) naming every failed field.</summary>
    public void ThrowIfInvalid()
    {
        if (!IsValid)
        {
            var detail = string.Join(" ", _errors.SelectMany(e => e.Value));
            throw DomainException.Invalid(ErrorCodes.ValidationFailed, detail);
        }
    }

    /// <summary>
    /// Text that every store can keep and every client can show: no control characters (a name is one line), no
    /// direction overrides or isolates, and no half of a surrogate pair. PostgreSQL refuses both a NUL in text and JSON
    /// and any string that is not valid UTF-8 — a name like that, once accepted, would fail every later write that
    /// carries it (a board's flush, the room list's report), not only its own. A direction override would turn around
    /// whatever a page shows after it: a member's name beside their comment, a guide's on a leaderboard.
    /// </summary>
    public static bool IsPlainText(string value)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsControl(c) || c is >= '\u202a' and <= '\u202e' or >= '\u2066' and <= '\u2069')
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsSurrogatePair(value, i))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    public static bool IsValidId(string? value) => IsValidId(value, MaxIdLength);

    public static bool IsValidId(string? value, int maxLength) =>
        !string.IsNullOrEmpty(value)
        && value.Length <= maxLength
        && !value.AsSpan().ContainsAnyExcept(IdCharacters);
}
