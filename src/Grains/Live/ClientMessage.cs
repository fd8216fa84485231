namespace PrivateDomain.Realtime.Grains.Live;

/// <summary>A comment as its sender's retry names it: the sender's <c>clientMessageId</c> and the comment it became.</summary>
[GenerateSerializer, Immutable, Alias("pd.ClientMessage")]
public sealed record ClientMessage(
    [property: Id(0)] string UserId,
    [property: Id(1)] string ClientMessageId,
    [property: Id(2)] long CommentId,
    [property: Id(3)] DateTimeOffset At);
