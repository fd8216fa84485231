namespace PrivateDomain.Realtime.Grains.Interfaces.Models;

[GenerateSerializer, Immutable, Alias("pd.RoomComment")]
public sealed record RoomComment(
    [property: Id(0)] long CommentId,
    [property: Id(1)] string UserId,
    [property: Id(2)] string Name,
    [property: Id(3)] string Text,
    [property: Id(4)] DateTimeOffset At);
