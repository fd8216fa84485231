using System.Text;
using PrivateDomain.Realtime.Grains.Interfaces;

namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>What a comment may say: control characters and halves of surrogate pairs removed, trimmed, 1 to N characters, no banned word.</summary>
internal static class CommentRules
{
    public static string Clean(string? text, LiveRoomOptions options)
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
            else if (!char.IsControl(c) && !char.IsSurrogate(c))
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
            throw DomainException.Invalid(ErrorCodes.CommentTooLong, $"A comment is at most {options.CommentMaxLength} characters.");
        }

        if (options.BannedWords.FirstOrDefault(w => w.Length > 0 && comment.Contains(w, StringComparison.OrdinalIgnoreCase)) is { } banned)
        {
            throw DomainException.Invalid(ErrorCodes.BannedWord, $"Comments may not contain '{banned}'.");
        }

        return comment;
    }
}
