namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

/// <summary>What <c>SendComment</c> answers: the comment's id in its room (the same for a retried client message id).</summary>
[GenerateSerializer, Immutable, Alias("pd.CommentPosted")]
public sealed record CommentPosted([property: Id(0)] long CommentId);
