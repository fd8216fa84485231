using System.Globalization;
using System.Text;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>
/// What a comment may say: control and invisible formatting characters and halves of surrogate pairs removed (a line
/// break or tab left as a space), trimmed, 1 to N characters as a viewer counts them, no banned word.
/// </summary>
internal sealed class CommentRules(LiveRoomOptions options)
{
    /// <summary>The banned words in compatibility form, folded once rather than for every comment.</summary>
    private readonly (string Word, string Folded)[] _bannedWords =
        [.. options.BannedWords.Where(w => w.Length > 0).Select(w => (w, w.Normalize(NormalizationForm.FormKC)))];

    public string Clean(string? text)
    {
        var cleaned = new StringBuilder(text?.Length ?? 0);
        text ??= "";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsSurrogatePair(text, i))
            {
                cleaned.Append(c).Append(text[++i]);
            }
            else if (char.IsControl(c) && char.IsWhiteSpace(c))
            {
                // A line break or a tab goes, but the words it kept apart stay apart.
                if (cleaned.Length > 0 && cleaned[^1] != ' ')
                {
                    cleaned.Append(' ');
                }
            }
            else if (!char.IsControl(c) && !char.IsSurrogate(c) && (!IsInvisibleFormatting(c) || JoinsEmoji(text, i, cleaned)))
            {
                cleaned.Append(c);
            }
        }

        var comment = cleaned.ToString().Trim();
        if (comment.Length == 0)
        {
            throw DomainException.Invalid(ErrorCodes.CommentEmpty, "A comment needs some text.");
        }

        if (comment.Length > options.CommentMaxLength)
        {
            RefuseIfTooLong(comment);
        }

        if (_bannedWords.Length > 0 && BannedWordIn(comment) is { } banned)
        {
            throw DomainException.Invalid(ErrorCodes.BannedWord, $"Comments may not contain '{banned}'.");
        }

        return comment;
    }

    /// <summary>
    /// Characters as a viewer counts them: an emoji is one, however many UTF-16 code units it takes (🎉 two, 👨‍👩‍👧 eight),
    /// as is a letter with its accents. Counted so alone, one letter could carry a thousand stacked accents, so a comment
    /// also takes at most twice the maximum in code units: room for the maximum of any script or of most emoji.
    /// </summary>
    private void RefuseIfTooLong(string comment)
    {
        var most = options.CommentMaxLength;
        if (new StringInfo(comment).LengthInTextElements > most)
        {
            throw DomainException.Invalid(ErrorCodes.CommentTooLong, $"A comment is at most {most} characters.");
        }

        if (comment.Length > 2 * most)
        {
            throw DomainException.Invalid(ErrorCodes.CommentTooLong,
                $"A comment is at most {most} characters, and fewer of emoji built from several, as flags, skin tones and families are.");
        }
    }

    /// <summary>Compared in compatibility form: full-width letters (common in Chinese input) are the same word.</summary>
    private string? BannedWordIn(string comment)
    {
        var folded = comment.Normalize(NormalizationForm.FormKC);
        return _bannedWords.FirstOrDefault(w => folded.Contains(w.Folded, StringComparison.OrdinalIgnoreCase)).Word;
    }

    /// <summary>
    /// Zero-width spaces and joiners, direction overrides, the byte-order mark: nothing a viewer sees, yet they hide a
    /// banned word (<c>coun​terfeit</c>), make a blank comment, or turn the text viewers read around.
    /// </summary>
    private static bool IsInvisibleFormatting(char c) => char.GetUnicodeCategory(c) == UnicodeCategory.Format;

    private const char ZeroWidthJoiner = '\u200D';

    /// <summary>
    /// A zero-width joiner between two emoji (👩‍💻, 🏃‍♀️, ❤️‍🔥) makes them one picture: kept there, and only there, so it hides
    /// no letters. Emoji are symbols, most of them beyond the basic plane; a variation selector may end the first.
    /// </summary>
    private static bool JoinsEmoji(string text, int i, StringBuilder cleaned) =>
        text[i] == ZeroWidthJoiner && cleaned.Length > 0 && i + 1 < text.Length
        && IsEmojiEnd(cleaned) && IsEmojiStart(text, i + 1);

    private static bool IsEmojiEnd(StringBuilder cleaned)
    {
        var last = cleaned[^1];
        return last == '\uFE0F' || char.IsLowSurrogate(last) || char.GetUnicodeCategory(last) == UnicodeCategory.OtherSymbol;
    }

    private static bool IsEmojiStart(string text, int i) =>
        char.IsSurrogatePair(text, i) || char.GetUnicodeCategory(text[i]) == UnicodeCategory.OtherSymbol;
}
