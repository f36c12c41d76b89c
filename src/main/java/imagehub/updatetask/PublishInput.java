package imagehub.updatetask;

/**
 * The CI pipeline's one call: snapshot {@code serverId}, register the image at {@code registerAt} (default account),
 * put it into the role's location replacing (and by default deprecating) the image it had there.
 */
public record PublishInput(Long serverId, Long roleId, String cloudLocation, String imageName, String registerAt,
        Boolean deprecateReplaced) {
    public String registerAtOrDefault() {
        return registerAt == null || registerAt.isBlank() ? TaskInput.REGISTER_ACCOUNT : registerAt;
    }

    public boolean deprecateReplacedOrDefault() {
        return deprecateReplaced == null || deprecateReplaced;
    }
}
