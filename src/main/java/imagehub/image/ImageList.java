package imagehub.image;

import java.util.List;

/** One page of an image list and the number of images that match in all. */
public record ImageList(List<Image> images, long total, int pageNum, int pageSize) {
    public int lastPage() {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }
}
