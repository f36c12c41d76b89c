package imagehub.user;

public enum UserKind {
    HUMAN, SERVICE
}
